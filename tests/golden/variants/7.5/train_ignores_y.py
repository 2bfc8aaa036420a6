# expect: fail the trainer must learn from the X and y it is given
# Rebuilds the labels as make_separable_data orders them (first half 1) instead of using y.
def train_logistic_regression(X, y, lr=0.2, steps=400):
    y = np.vstack([np.ones((len(X) // 2, 1)), np.zeros((len(X) - len(X) // 2, 1))])
    n, d = X.shape
    w, b, losses = np.zeros((d, 1)), 0.0, []
    for _ in range(steps):
        p = sigmoid(X @ w + b)
        losses.append(bce(y, p))
        dz = (p - y) / n
        w -= lr * (X.T @ dz)
        b -= lr * float(np.sum(dz))
    return w, b, losses
