# expect: fail instead of axis 0: pass `axis` through
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=-1, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
    return out if keepdims else out[..., 0]
