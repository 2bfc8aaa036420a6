# expect: fail Each epoch: P = model.forward(X), record the loss
# One forward before the loop: every backward then differentiates at the first parameters.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    history = []
    P = model.forward(X)
    for _ in range(epochs):
        history.append(bce(Y, P))
        optimizer.step(model.params, model.backward(Y))
    return history
