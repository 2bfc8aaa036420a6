# expect: pass
# Correct: backward written with einsum, dZ1 masked with np.where, n from X.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    n = X.shape[0]
    dZ2 = (P - y) / n
    dW2 = np.einsum("nh,no->ho", A1, dZ2)
    db2 = dZ2.sum(axis=0)
    dA1 = np.einsum("no,ho->nh", dZ2, W2)
    dZ1 = np.where(Z1 > 0, dA1, 0.0)
    dW1 = np.einsum("ni,nh->ih", X, dZ1)
    db1 = dZ1.sum(axis=0)
    return dW1, db1, dW2, db2
