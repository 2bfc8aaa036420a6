# expect: fail instead of the max along `axis`
# One max for the whole array: fine for one row, but rows of -1000 next to rows of +1000
# underflow to log(0).
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)
