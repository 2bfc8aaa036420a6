# expect: pass
# Correct: the XOR table typed by hand in another row order, and the loop written out
# (keyword arguments throughout) instead of calling train.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    model = MLP(layer_sizes=[2, hidden, 1], activation="tanh", seed=seed)
    optimizer = Adam(lr=lr)
    losses = []
    for _ in range(epochs):
        losses.append(bce(Y, model.forward(X)))
        optimizer.step(model.params, model.backward(Y))
    return model, losses
