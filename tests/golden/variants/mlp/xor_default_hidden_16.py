# expect: fail the default is hidden=8
# "More units train faster": the default hidden size doubled.
_train_xor = train_xor


def train_xor(seed=0, hidden=16, epochs=2000, lr=0.05):
    return _train_xor(seed, hidden, epochs, lr)
