# expect: pass
# Correct: the bias folded into an augmented weight vector; losses kept in a NumPy array;
# data drawn in one call and the labels built from a mask.
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    positive = np.arange(n) < n // 2
    centres = np.where(positive[:, None], 2.0, -2.0) * np.ones((n, 2))
    X = centres + rng.normal(size=(n, 2))
    return X, positive.astype(float).reshape(n, 1)


def train_logistic_regression(X, y, lr=0.2, steps=400):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).reshape(-1, 1)
    Xa = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.zeros((Xa.shape[1], 1))
    losses = np.empty(steps)
    for i in range(steps):
        p = sigmoid(Xa @ theta)
        losses[i] = bce(y, p)
        theta = theta - lr * Xa.T @ (p - y) / len(y)
    return theta[:-1], theta[-1, 0], losses
