# expect: pass
# Correct but different: logsumexp with np.expand_dims and log1p, softmax as
# exp(z - max) / sum, cross-entropy as a row-wise dot product (np.einsum) of the targets
# with the clipped log-probabilities, returned as a NumPy scalar. (Indexing the argmax
# class, which this file once did, is right only for one-hot targets: cce_argmax_soft.py.)
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = np.max(z, axis=axis)
    rest = np.sum(np.exp(z - np.expand_dims(m, axis)), axis=axis)
    out = m + np.log1p(rest - 1.0)
    return np.expand_dims(out, axis) if keepdims else out


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    shifted = z - z.max(axis=axis, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    log_p = np.log(np.maximum(np.asarray(y_pred, dtype=float), eps))
    return -np.einsum("nk,nk->n", np.asarray(y_true, dtype=float), log_p).mean()
