# expect: fail the default steps is 400
# Another default number of steps in the signature; steps is used as passed.
def train_logistic_regression(X, y, lr=0.2, steps=1000):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
