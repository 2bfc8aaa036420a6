# expect: fail it updates w and b on every example, also on those already on the right side
# The {-1, +1} form of the rule with its `if` forgotten: every example pushes the line.
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X, y):
            target = 2.0 * y_i - 1.0
            if (1.0 if x_i @ w + b >= 0 else 0.0) != y_i:
                wrong += 1
            w = w + lr * target * x_i
            b += lr * target
        mistakes.append(wrong)
    return w, b, mistakes
