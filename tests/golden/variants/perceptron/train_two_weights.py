# expect: fail one weight per column of X
# Written for the truth tables: two weights, whatever the number of columns of X.
def train_perceptron(X, y, lr, epochs):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(2), 0.0, []
    for _ in range(epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            error = y_i - step(x_i @ w + b)
            if error != 0.0:
                w = w + lr * error * x_i
                b += lr * error
                count += 1
        mistakes.append(count)
    return w, b, mistakes
