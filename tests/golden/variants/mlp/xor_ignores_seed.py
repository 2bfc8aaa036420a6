# expect: fail pass the seed on
# The seed is never handed to MLP, so every call starts from MLP's default seed 0.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh")
    return model, train(model, X, Y, Adam(lr=lr), epochs)
