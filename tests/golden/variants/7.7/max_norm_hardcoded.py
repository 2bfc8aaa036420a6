# expect: fail clip_by_norm ignores its max_norm argument
# Clips to the seed's max_norm = 1.0 whatever max_norm is passed.
def clip_by_norm(g, max_norm):
    g = np.array(g, dtype=np.float64)
    norm = float(np.linalg.norm(g))
    if norm <= 1.0:
        return g
    return g * (1.0 / norm)
