# expect: fail returned the history first
# Returns (history, model), the order train's result and the model were made in.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    history = train(model, X, Y, Adam(lr=lr), epochs)
    return history, model
