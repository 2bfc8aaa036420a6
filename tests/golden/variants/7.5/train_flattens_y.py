# expect: fail the trainer must learn from the X and y it is given
# Labels flattened to (n,) "to be safe": p - y then broadcasts to (n, n).
def train_logistic_regression(X, y, lr=0.2, steps=400):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz).mean(axis=1, keepdims=True)
        b -= lr * float(np.sum(dz)) / n
    return w, b, losses
