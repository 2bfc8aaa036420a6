# expect: pass
# np.heaviside with the value 1 at 0, and a trainer that asks predict about one row at a time
# (a (1, d) batch), updating without an `if` (an error of 0 changes nothing).
def step(z):
    return np.heaviside(np.asarray(z, dtype=float), 1.0)


def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b = np.zeros(X.shape[1]), 0.0
    history = []
    for epoch in range(epochs):
        errors = 0
        for i in range(len(X)):
            error = y[i] - predict(X[i : i + 1], w, b)[0]
            w = w + lr * error * X[i]
            b = b + lr * error
            errors += abs(int(error))
        history.append(errors)
    return w, b, history
