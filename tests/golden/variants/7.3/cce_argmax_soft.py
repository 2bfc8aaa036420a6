# expect: fail only reads y_pred at argmax(y_true)
# Right for one-hot rows only: soft targets spread their weight over every class.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_pred = np.clip(np.asarray(y_pred, dtype=float), eps, 1.0)
    rows = np.arange(y_pred.shape[0])
    return float(-np.mean(np.log(y_pred[rows, np.argmax(y_true, axis=1)])))
