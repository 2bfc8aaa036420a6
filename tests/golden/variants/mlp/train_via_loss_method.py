# expect: pass
# Correct: model.loss runs the forward pass (and fills the cache) before backward.
def train(model, X, Y, optimizer, epochs):
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    losses = []
    while len(losses) < epochs:
        losses.append(model.loss(X, Y))
        grads = model.backward(Y)
        optimizer.step(model.params, grads)
    return losses
