# expect: fail that the hidden size, learning rate and epochs passed in are used
# A learning rate a hundred times too small: the loss stays near log(2).
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.0005):
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    return model, train(model, X, Y, Adam(lr=lr), epochs)
