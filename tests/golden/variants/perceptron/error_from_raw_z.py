# expect: fail it uses y - z, the raw sum, as the error
# The delta rule (Adaline) in place of the perceptron rule: the error uses z, not step(z).
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            z = x_i @ w + b
            wrong += int(step(z) != y_i)
            w = w + lr * (y_i - z) * x_i
            b += lr * (y_i - z)
        mistakes.append(wrong)
    return w, b, mistakes
