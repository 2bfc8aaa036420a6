# expect: pass
# Correct but different: predict through np.dot on a float copy (w stays 1-D), and a rule
# that sizes w from the first row (np.zeros_like), so any number of columns works; the
# labels are read as floats and the error decides the update.
def predict(X, w, b):
    return step(np.dot(np.asarray(X, dtype=float), np.asarray(w, dtype=float)) + float(b))


def train_perceptron(X, y, lr, epochs):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    w, b = np.zeros_like(X[0]), 0.0
    mistakes = []
    for _ in range(epochs):
        wrong = 0
        for i in range(X.shape[0]):
            error = y[i] - (1.0 if np.dot(X[i], w) + b >= 0.0 else 0.0)
            if error:
                w += lr * error * X[i]
                b += lr * error
                wrong += 1
        mistakes.append(wrong)
    return w, b, mistakes
