# expect: fail logsumexp works on a 2-D batch along its last axis but failed
# Written for a (n, k) batch: the max gets its axis back with [:, None], which only lines
# up with z when z is 2-D and axis is the last one.
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis)[:, None]
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return out if keepdims else out[:, 0]
