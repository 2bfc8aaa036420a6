# expect: fail your network doesn't solve XOR
# Claims a falling loss but returns an untrained model.
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    return model, [0.7 / (1 + k) for k in range(epochs)]
