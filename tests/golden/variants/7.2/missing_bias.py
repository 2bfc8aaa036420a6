# expect: fail the bias b is missing
def dense_forward(X, W, b):
    return np.asarray(X) @ np.asarray(W)
