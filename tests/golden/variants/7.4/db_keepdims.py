# expect: fail db1 must have b1's shape (d_h,)
# Bias gradients kept as (1, d): keepdims=True.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    db1 = np.sum(dZ1, axis=0, keepdims=True)
    db2 = np.sum(dZ2, axis=0, keepdims=True)
    return X.T @ dZ1, db1, A1.T @ dZ2, db2
