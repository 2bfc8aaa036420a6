# expect: fail ignores the optimizer it is given
# Plain gradient descent written into the loop: the optimizer argument is never used.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    history = []
    for _ in range(epochs):
        P = model.forward(X)
        history.append(bce(Y, P))
        for p, g in zip(model.params, model.backward(Y)):
            p -= 0.1 * g
    return history
