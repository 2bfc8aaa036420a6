# expect: pass
# Correct but different: copy dA1 and zero it where Z1 < 0 (a mask written the other way
# round). It differs from relu_deriv only at Z1 == 0 exactly, which random inputs never hit.
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    n = X.shape[0]
    dZ2 = (P - y) / n
    dZ1 = (dZ2 @ W2.T).copy()
    dZ1[Z1 < 0] = 0.0
    return X.T @ dZ1, dZ1.sum(axis=0), A1.T @ dZ2, dZ2.sum(axis=0)
