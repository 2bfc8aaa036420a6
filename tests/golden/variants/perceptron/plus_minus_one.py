# expect: pass
# Labels recoded to {-1, +1} inside: on a mistake the update is lr * t * x with t = 2y - 1,
# which is exactly lr * (y - prediction) * x. The prediction keeps z = 0 in class +1.
def train_perceptron(X, y, lr, epochs):
    X = np.asarray(X, dtype=float)
    t = 2.0 * np.asarray(y, dtype=float) - 1.0
    w, b, mistakes = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        wrong = 0
        for x_i, t_i in zip(X, t):
            guess = 1.0 if x_i @ w + b >= 0 else -1.0
            if guess != t_i:
                w = w + lr * t_i * x_i
                b = b + lr * t_i
                wrong += 1
        mistakes.append(wrong)
    return w, float(b), mistakes
