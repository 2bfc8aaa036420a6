# expect: pass
# Correct: gradients as batch means, sigmoid written with tanh, labels shuffled with X.
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    y = np.r_[np.ones(n // 2), np.zeros(n - n // 2)][:, None]
    X = rng.standard_normal((n, 2)) + 2.0 * (2.0 * y - 1.0)
    order = rng.permutation(n)
    return X[order], y[order]


def train_logistic_regression(X, y, lr=0.2, steps=400):
    y = np.reshape(y, (-1, 1)).astype(float)
    w = np.zeros((np.shape(X)[1], 1))
    b = 0.0
    losses = []
    for _ in range(steps):
        p = 0.5 * (1.0 + np.tanh(0.5 * (X @ w + b)))
        losses.append(bce(y, p))
        err = p - y
        w = w - lr * np.mean(X * err, axis=0).reshape(-1, 1)
        b = b - lr * float(np.mean(err))
    return w, b, losses
