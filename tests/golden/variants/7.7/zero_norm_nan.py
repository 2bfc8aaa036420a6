# expect: fail divided by a zero norm
# NumPy division by a zero norm: 0 / 0 = nan, with only a warning.
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    return g / norm * min(norm, max_norm)
