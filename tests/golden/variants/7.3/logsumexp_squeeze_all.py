# expect: fail also dropped other length-1 axes
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out)
