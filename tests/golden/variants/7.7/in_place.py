# expect: fail clip_by_norm modified its input in place
# Rescales the caller's array: np.asarray does not copy a float array.
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    if norm > max_norm:
        g *= max_norm / norm
    return g
