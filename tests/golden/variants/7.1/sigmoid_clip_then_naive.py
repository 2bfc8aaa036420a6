# expect: pass
# Correct but different: the seed's clipping with a wider bound: exp(700) is still
# finite in float64 (about 1e304), so nothing overflows.
def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -700.0, 700.0)
    return 1.0 / (1.0 + np.exp(-z))
