# expect: fail train left model.params unchanged
# Copies the parameters "to be safe" before each step: the optimizer updates the copies.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    history = []
    for _ in range(epochs):
        P = model.forward(X)
        history.append(bce(Y, P))
        params = [p.copy() for p in model.params]
        optimizer.step(params, model.backward(Y))
    return history
