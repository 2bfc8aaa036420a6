# expect: fail inside the log
# A constant added inside the log instead of clipping with the eps argument.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return float(-np.mean(np.sum(y_true * np.log(y_pred + 1e-7), axis=1)))
