# expect: fail it treats y as -1/+1 labels
# The textbook's {-1, +1} form of the rule used on 0/1 labels without recoding them: an
# example labelled 0 never moves the line.
def train_perceptron(X, y, lr, epochs):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            if y_i * (x_i @ w + b) <= 0.0:
                w = w + lr * y_i * x_i
                b += lr * y_i
                count += 1
        mistakes.append(count)
    return w, b, mistakes
