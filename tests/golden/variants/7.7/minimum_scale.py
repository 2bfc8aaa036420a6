# expect: pass
# Correct but different: one expression, the scale capped with min and a zero norm
# guarded by max(norm, tiny); multiplying always makes a new array.
def clip_by_norm(g, max_norm):
    g = np.asarray(g, dtype=float)
    norm = float(np.sqrt(np.vdot(g, g)))
    return g * min(1.0, max_norm / max(norm, 1e-300))
