# expect: fail your network doesn't solve XOR
# No hidden layer: a linear classifier cannot separate XOR.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, 1], activation="tanh", seed=seed)
    return model, train(model, X, Y, Adam(lr=lr), epochs)
