# expect: fail it applies softmax to y_pred
# Treats y_pred as logits: softmax again on probabilities that already sum to 1.
def categorical_cross_entropy(y_true, y_pred, eps=1e-15):
    y_true = np.asarray(y_true, dtype=float)
    p = np.clip(softmax(np.asarray(y_pred, dtype=float), axis=1), eps, 1.0)
    return float(-np.mean(np.sum(y_true * np.log(p), axis=1)))
