# expect: fail the default is lr=0.05
# The default learning rate doubled to 0.1 (XOR is still solved).
_train_xor = train_xor


def train_xor(seed=0, hidden=8, epochs=2000, lr=0.1):
    return _train_xor(seed, hidden, epochs, lr)
