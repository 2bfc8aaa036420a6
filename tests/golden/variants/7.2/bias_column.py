# expect: fail broadcasts along the batch axis
# The bias turned into a column, as in the column-per-example convention: (d_out, 1).
def dense_forward(X, W, b):
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    return X @ W + b.reshape(-1, 1)
