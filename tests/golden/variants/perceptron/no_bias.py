# expect: fail b never changes: the bias is missing or never updated
# No bias at all: z = x @ w, and b is returned as the 0 it never stopped being.
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, mistakes = np.zeros(X.shape[1]), []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(x_i @ w)
            if error != 0:
                w = w + lr * error * x_i
                wrong += 1
        mistakes.append(wrong)
    return w, 0.0, mistakes
