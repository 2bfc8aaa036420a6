# expect: fail dW1 must have W1's shape (d_in, d_h)
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return dZ1.T @ X, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)
