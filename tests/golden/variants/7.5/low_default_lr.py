# expect: fail w moved far less than gradient descent
# The seed's "too low learning rate": the default is 100 times too small.
def train_logistic_regression(X, y, lr=0.002, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
