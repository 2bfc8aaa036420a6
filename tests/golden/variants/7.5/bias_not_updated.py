# expect: fail b never changes
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        w -= lr * (X.T @ ((p - y) / n))
    return w, b, losses
