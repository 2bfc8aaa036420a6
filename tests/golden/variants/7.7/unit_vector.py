# expect: fail rescaled to norm 1
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    return g / norm if norm > max_norm else g
