# expect: fail the trainer ignores its steps argument
# Always runs the default 400 steps.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(400):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
