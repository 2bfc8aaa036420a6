# expect: fail dW2 is Z1.T @ dZ2: the cache is (X, Z1, A1, Z2, P) in this order
# Unpacks the cache as (X, A1, Z1, ...): the ReLU mask is the same, dW2 is not.
def backward(y, cache, W2):
    X, A1, Z1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dZ1 = (dZ2 @ W2.T) * relu_deriv(Z1)
    return X.T @ dZ1, np.sum(dZ1, axis=0), dW2, db2
