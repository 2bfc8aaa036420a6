# expect: pass
# The bias as the weight of a constant input 1: one vector theta = [w, b], inputs [x, 1].
def predict(X, w, b):
    X = np.asarray(X, dtype=float)
    theta = np.append(np.asarray(w, dtype=float), b)
    ones = np.ones((X.shape[0], 1))
    return step(np.hstack([X, ones]) @ theta)


def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    X1 = np.hstack([X, np.ones((X.shape[0], 1))])
    theta = np.zeros(X1.shape[1])
    mistakes = []
    for _ in range(epochs):
        wrong = 0
        for x_i, y_i in zip(X1, np.asarray(y, dtype=float)):
            error = y_i - step(x_i @ theta)
            theta += lr * error * x_i
            wrong += int(error != 0)
        mistakes.append(wrong)
    return theta[:-1], float(theta[-1]), mistakes
