# expect: fail dW2 must have W2's shape (d_h, 1)
# dW2 flattened to (d_h,): right numbers, but it no longer matches W2.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), (A1.T @ dZ2).ravel(), np.sum(dZ2, axis=0)
