# expect: fail mistakes keeps counting across epochs
# The counter is set to 0 once, before the epochs, so the history is cumulative.
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    wrong = 0
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            error = y_i - step(x_i @ w + b)
            if error != 0:
                w = w + lr * error * x_i
                b += lr * error
                wrong += 1
        mistakes.append(wrong)
    return w, b, mistakes
