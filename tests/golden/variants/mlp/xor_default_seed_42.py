# expect: fail the default is seed=0
# The default seed changed to the customary 42.
_train_xor = train_xor


def train_xor(seed=42, hidden=8, epochs=2000, lr=0.05):
    return _train_xor(seed, hidden, epochs, lr)
