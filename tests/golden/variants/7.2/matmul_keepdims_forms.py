# expect: pass
# Correct but different: np.matmul on 2-D copies and a bias reshaped to one row, so a batch
# of one example stays (1, d_out).
def dense_forward(X, W, b):
    X = np.atleast_2d(np.asarray(X, dtype=float))
    return np.matmul(X, np.asarray(W, dtype=float)) + np.reshape(b, (1, -1))
