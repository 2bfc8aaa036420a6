# expect: fail it must be the loss just before the first update
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
        losses.append(bce(y, sigmoid(X @ w + b)))
    return w, b, losses
