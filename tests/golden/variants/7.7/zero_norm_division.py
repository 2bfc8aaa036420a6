# expect: fail divided by a zero norm
# The seed's "not handling ||g|| = 0": a Python float norm raises ZeroDivisionError.
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = float(np.linalg.norm(g))
    return g * min(1.0, max_norm / norm)
