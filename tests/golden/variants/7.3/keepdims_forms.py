# expect: pass
# Correct but different: logsumexp keeps the axis throughout and squeezes with
# np.take(..., 0, axis); softmax goes through logsumexp; cross-entropy masks the zero
# targets with np.where instead of clipping them away.
def logsumexp(z, axis=-1, keepdims=False):
    z = np.asarray(z, dtype=float)
    m = z.max(axis=axis, keepdims=True)
    out = np.log(np.exp(z - m).sum(axis=axis, keepdims=True)) + m
    return out if keepdims else np.take(out, 0, axis=axis)


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    return np.exp(z - logsumexp(z, axis=axis, keepdims=True))


def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    log_p = np.log(np.clip(np.asarray(y_pred, dtype=float), eps, None))
    terms = np.where(y_true > 0, y_true * log_p, 0.0)
    return float(-terms.sum(axis=1).mean())
