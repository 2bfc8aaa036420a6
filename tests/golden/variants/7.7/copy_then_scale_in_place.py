# expect: pass
# Correct: scales in place, but a copy; the norm from the flattened vector.
def clip_by_norm(g, max_norm):
    out = np.array(g, dtype=float, copy=True)
    flat = out.ravel()
    norm = float(np.sqrt(flat @ flat))
    if norm > max_norm:
        out *= max_norm / norm
    return out
