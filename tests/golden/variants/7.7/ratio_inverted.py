# expect: fail the ratio is upside down
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.linalg.norm(g)
    return g * (norm / max_norm) if norm > max_norm else g
