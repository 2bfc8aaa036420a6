# expect: fail sigmoid(a list) returned a list
# Keeps the caller's type: a list comes back as a list (of per-row results), not as the
# float array the docstring returns.
def sigmoid(z):
    if isinstance(z, list):
        return [sigmoid(item) for item in z]
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
