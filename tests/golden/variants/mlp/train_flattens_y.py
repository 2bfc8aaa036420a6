# expect: fail keep Y's shape (n, dL)
# Flattens the targets to a vector: backward copes, but bce(Y, P) of (n,) against (n, 1)
# averages an (n, n) table, so the recorded losses are wrong.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float).ravel()
    history = []
    for _ in range(epochs):
        P = model.forward(X)
        history.append(bce(Y, P))
        optimizer.step(model.params, model.backward(Y))
    return history
