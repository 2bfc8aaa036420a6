# expect: fail relu_deriv(Z1), the 0/1 mask
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dZ1 = (dZ2 @ W2.T) * relu(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)
