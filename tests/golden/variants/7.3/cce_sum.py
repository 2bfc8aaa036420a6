# expect: fail it returns the sum over the batch
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_pred = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0)
    return float(-np.sum(np.asarray(y_true) * np.log(y_pred)))
