# expect: pass
# Correct but different: .copy() on the short path, an in-place rescale of that copy on
# the long path.
def clip_by_norm(g, max_norm):
    out = np.asarray(g, dtype=float).copy()
    norm = np.linalg.norm(out.ravel())
    if norm > max_norm:
        out *= max_norm / norm
    return out
