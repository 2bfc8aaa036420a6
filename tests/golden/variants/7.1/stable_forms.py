# expect: pass
# Correct but different: exp(-|z|) with boolean indexing instead of np.where, a float
# relu_deriv from np.greater with dtype=, and relu through np.clip.
def sigmoid(z):
    z = np.array(z, dtype=float)
    e = np.exp(-np.abs(z))
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + e[pos])
    out[~pos] = e[~pos] / (1.0 + e[~pos])
    return out


def relu(z):
    return np.clip(np.asarray(z, dtype=float), 0.0, None)


def relu_deriv(z):
    return np.greater(np.asarray(z, dtype=float), 0.0).astype(np.float64)
