# expect: fail uses the binary cross-entropy formula
# Seed's common mistake: binary cross-entropy instead of categorical.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y = np.asarray(y_true, dtype=float)
    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))
