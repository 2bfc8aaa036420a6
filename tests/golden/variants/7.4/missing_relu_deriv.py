# expect: fail the ReLU derivative is missing
def backward(y, cache, W2):
    X, Z1, A1, Z2, P = cache
    dZ2 = (P - y) / X.shape[0]
    dZ1 = dZ2 @ W2.T
    return X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)
