# expect: fail with the hidden size passed in
# The hidden width is written as a literal 8 (the default), whatever hidden is passed.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, 8, 1], activation="tanh", seed=seed)
    return model, train(model, X, Y, Adam(lr=lr), epochs)
