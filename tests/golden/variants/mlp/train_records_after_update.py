# expect: fail train records the loss after each update
def train(model, X, Y, optimizer, epochs):
    history = []
    for _ in range(epochs):
        model.forward(X)
        optimizer.step(model.params, model.backward(Y))
        history.append(model.loss(X, Y))
    return history
