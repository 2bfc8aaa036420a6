# expect: pass
# Correct but different: logsumexp with np.expand_dims and log1p, softmax as
# exp(z - max) / sum, cross-entropy by indexing the target class (argmax of the one-hot),
# returned as a NumPy scalar.
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
    y_pred = np.asarray(y_pred, dtype=float)
    target = np.argmax(np.asarray(y_true), axis=1)
    picked = y_pred[np.arange(y_pred.shape[0]), target]
    return -np.mean(np.log(np.maximum(picked, eps)))
