# expect: fail is 1/n times the numerical gradient
# Averages the bias gradients although dZ already carries the 1/n.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.mean(dZ1, axis=0), A1.T @ dZ2, np.mean(dZ2, axis=0)
