# expect: fail clipped each element separately (np.clip); that changes the direction
# The seed's first common mistake.
def clip_by_norm(g, max_norm):
    return np.clip(np.asarray(g, dtype=float), -max_norm, max_norm)
