# expect: fail the learning rate is not used
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(x_i @ w + b)
            if error != 0:
                w = w + error * x_i
                b += error
                wrong += 1
        mistakes.append(wrong)
    return w, b, mistakes
