# expect: fail train for the epochs passed in
# Always trains for 2000 epochs, whatever epochs is passed.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    return model, train(model, X, Y, Adam(lr=lr), 2000)
