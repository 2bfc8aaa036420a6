# expect: pass
# Correct: bias gradients as ones @ dZ, dA1 by broadcasting the single output column.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    n = len(y)
    ones = np.ones(n)
    dZ2 = (P - y) * (1.0 / n)
    dW2 = A1.T.dot(dZ2)
    db2 = ones @ dZ2
    dA1 = dZ2 * W2.T
    dZ1 = dA1 * (Z1 > 0)
    dW1 = X.T.dot(dZ1)
    db1 = ones @ dZ1
    return dW1, db1, dW2, db2
