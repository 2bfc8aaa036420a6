# expect: fail Clip y_pred to [eps, 1] before the log
# Seed's common mistake: forgetting eps, so log(0) = -inf.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    return float(-np.mean(np.sum(y_true * np.log(y_pred), axis=1)))
