# expect: fail a batch of one row must stay 2-D
# Squeezes the result "to tidy it up": a batch of one example loses its batch axis.
def dense_forward(X, W, b):
    return np.squeeze(np.asarray(X) @ np.asarray(W) + np.asarray(b))
