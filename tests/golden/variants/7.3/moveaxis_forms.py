# expect: pass
# Correct but different: move the reduced axis last and work on that; the loss via
# clipping with np.where; the loss as a NumPy scalar.
def logsumexp(z, axis=-1, keepdims=False):
    z = np.moveaxis(np.asarray(z, dtype=float), axis, -1)
    m = z.max(axis=-1)
    out = m + np.log(np.exp(z - m[..., None]).sum(axis=-1))
    return np.expand_dims(out, axis) if keepdims else out


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return np.exp(z - logsumexp(z, axis=axis, keepdims=True))


def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    safe = np.where(y_pred < eps, eps, y_pred)
    per_example = -(y_true * np.log(safe)).sum(axis=-1)
    return per_example.mean()
