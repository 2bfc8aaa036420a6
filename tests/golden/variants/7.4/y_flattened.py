# expect: fail dW2 must have W2's shape
# Labels flattened to (n,): P - y then broadcasts to an (n, n) matrix.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    y = np.ravel(y)
    n = X.shape[0]
    dZ2 = (P - y) / n
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dZ1 = (dZ2 @ W2.T) * relu_deriv(Z1) if dZ2.shape[1] == W2.shape[1] else dZ2
    return X.T @ dZ1, np.sum(dZ1, axis=0), dW2, db2
