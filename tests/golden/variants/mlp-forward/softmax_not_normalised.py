# expect: fail it forgot to divide by the sum of the exponentials
# Stable exponentials that are never normalised: the rows do not sum to 1.
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return np.exp(z - np.max(z, axis=axis, keepdims=True))
