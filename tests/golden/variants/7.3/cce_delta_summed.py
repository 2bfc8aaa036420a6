# expect: fail and it sums over the batch
# A constant inside the log and a sum over the whole batch, as many tutorial copies write it.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    delta = 1e-7
    return float(-np.sum(np.asarray(y_true) * np.log(np.asarray(y_pred) + delta)))
