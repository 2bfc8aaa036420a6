# expect: fail size w from X.shape[1]
# Written for the seed's 2-D blobs: w always has 2 rows.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((2, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
