# expect: pass
# Correct but different: the reduced axis put back with np.expand_dims (any shape, any
# axis, a 1-D z gives a NumPy scalar), eps as a lower bound through np.maximum, and the
# per-example sum as an einsum.
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis)
    out = m + np.log(np.sum(np.exp(z - np.expand_dims(m, axis)), axis=axis))
    return np.expand_dims(out, axis) if keepdims else out


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.expand_dims(np.max(z, axis=axis), axis))
    return e / np.expand_dims(np.sum(e, axis=axis), axis)


def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    p = np.maximum(np.asarray(y_pred, dtype=float), eps)
    return float(np.mean(-np.einsum("nk,nk->n", np.asarray(y_true, dtype=float), np.log(p))))
