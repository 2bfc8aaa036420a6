# expect: fail the trainer ignores its lr argument
# The default step size is written into the update.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= 0.2 * (X.T @ dz)
        b -= 0.2 * float(np.sum(dz))
    return w, b, losses
