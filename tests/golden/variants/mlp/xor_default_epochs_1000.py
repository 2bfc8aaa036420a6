# expect: fail the default is epochs=2000
# The default halved to 1000 epochs (still enough to solve XOR).
_train_xor = train_xor


def train_xor(seed=0, hidden=8, epochs=1000, lr=0.05):
    return _train_xor(seed, hidden, epochs, lr)
