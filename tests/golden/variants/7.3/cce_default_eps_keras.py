# expect: fail the default eps is 1e-07
# Keras's epsilon as the default: right whenever eps is passed, too coarse without it.
def categorical_cross_entropy(y_true, y_pred, eps=1e-7):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0)
    return float(-np.mean(np.sum(y_true * np.log(y_pred), axis=1)))
