# expect: fail the default is keepdims=False
# keepdims=True by default, handy inside softmax, but not what the signature promises.
def logsumexp(z, axis=-1, keepdims=True):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)
