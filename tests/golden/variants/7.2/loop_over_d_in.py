# expect: fail Z has one row per row of X
# A loop that takes X's second dimension (d_in) for the number of examples n.
def dense_forward(X, W, b):
    X, W, b = (np.asarray(a, dtype=float) for a in (X, W, b))
    Z = np.zeros((X.shape[1], W.shape[1]))
    for i in range(X.shape[1]):
        Z[i] = X[i] @ W + b
    return Z
