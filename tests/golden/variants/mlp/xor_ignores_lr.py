# expect: fail the learning rate passed in
# The learning rate is written as a literal 0.05 (the default), whatever lr is passed.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    return model, train(model, X, Y, Adam(lr=0.05), epochs)
