# expect: fail dW2 is exactly n times the numerical gradient; divide by the batch size
# The seed's first suspect: the 1/n of the mean is dropped.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = P - y
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)
