# expect: fail softmax works on a 2-D batch along its last axis but failed
# Written for a (n, k) batch: the row max and row sums get their axis back with [:, None].
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis)[:, None])
    return e / np.sum(e, axis=axis)[:, None]
