# expect: fail has the wrong sign
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (y - P) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)
