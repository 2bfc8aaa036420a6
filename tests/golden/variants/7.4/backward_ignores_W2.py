# expect: fail the W2 argument is not used
# Passes dZ2 straight to the hidden layer, as if dA1 = dZ2 (broadcast over the units).
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dZ1 = dZ2 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), dW2, db2
