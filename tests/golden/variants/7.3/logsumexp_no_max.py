# expect: fail Subtract the max first and add it back
# Seed's common mistake, in logsumexp: exp(1000) = inf.
def logsumexp(z, axis=-1, keepdims=False):
    return np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=axis, keepdims=keepdims))
