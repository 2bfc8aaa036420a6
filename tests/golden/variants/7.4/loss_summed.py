# expect: fail sums the BCE over the batch; the loss is the mean
def loss_fn(X, y, W1, b1, W2, b2):
    P, _ = forward(X, W1, b1, W2, b2)
    return bce(y, P) * len(y)
