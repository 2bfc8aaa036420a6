# expect: fail updates once per example
# Stochastic rather than full-batch: one forward, backward and step per row of X.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    history = []
    for _ in range(epochs):
        history.append(bce(Y, model.forward(X)))
        for x, y in zip(X, Y):
            model.forward(x[None, :])
            optimizer.step(model.params, model.backward(y[None, :]))
    return history
