# expect: fail kept the reduced axis as length 1 although keepdims=False
# Always keeps the reduced axis (forgets the squeeze).
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
