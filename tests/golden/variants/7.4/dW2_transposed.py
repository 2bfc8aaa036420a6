# expect: fail dW2 must have W2's shape (d_h, 1)
# The seed's "dW2 must match W2.shape exactly": the product is taken the wrong way round.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), dZ2.T @ A1, np.sum(dZ2, axis=0)
