# expect: fail updates for epochs=
# Epochs counted from 1 with range(1, epochs): one update (and one loss) short.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    history = []
    for _ in range(1, epochs):
        P = model.forward(X)
        history.append(bce(Y, P))
        optimizer.step(model.params, model.backward(Y))
    return history
