# expect: fail the default is axis=-1
# scipy.special.logsumexp's default, axis=None: without an axis it reduces every entry.
def logsumexp(z, axis=None, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)
