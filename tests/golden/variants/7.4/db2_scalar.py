# expect: fail db2 must have b2's shape (1,)
# np.sum without an axis collapses db2 to a scalar.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2)
