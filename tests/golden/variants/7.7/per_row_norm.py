# expect: fail clipped each row by its own norm
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norms = np.linalg.norm(g, axis=-1, keepdims=True)
    return g * np.minimum(1.0, max_norm / np.maximum(norms, 1e-12))
