# expect: pass
# Correct: the norm written out, the scale as min(1, max_norm / norm), zero guarded.
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = np.sqrt(np.sum(g**2))
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return g * scale
