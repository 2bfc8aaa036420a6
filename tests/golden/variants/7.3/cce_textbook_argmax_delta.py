# expect: fail adds 1e-07 inside the log
# The "from scratch" textbook form: turn one-hot rows into label indices with argmax, then
# average -log(p + 1e-7) of the picked entries. Right up to the 1e-7 for one-hot targets.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    labels = y_true.argmax(axis=1)
    rows = np.arange(y_pred.shape[0])
    return float(-np.log(y_pred[rows, labels] + 1e-7).sum() / y_pred.shape[0])
