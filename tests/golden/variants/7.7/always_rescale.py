# expect: fail clip_by_norm changed a gradient whose norm was already below max_norm
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    return g * (max_norm / np.linalg.norm(g))
