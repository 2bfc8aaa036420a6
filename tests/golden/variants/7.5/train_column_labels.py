# expect: pass
# Correct but different: labels made a column with y[:, None] when 1-D, the gradient of
# w and b from one augmented matrix product, the loss through the given bce.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    ones = np.hstack([X, np.ones((n, 1))])
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        grad = ones.T @ (p - y) / n
        w = w - lr * grad[:d]
        b = b - lr * float(grad[d, 0])
    return w, float(b), losses
