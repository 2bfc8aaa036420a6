# expect: fail the gradient is not divided by n
# Fits anyway (the data is easy), but it is not gradient descent on the mean loss.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = p - y
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
