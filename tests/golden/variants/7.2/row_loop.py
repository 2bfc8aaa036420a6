# expect: pass
# Correct but slow: one row at a time, float32 never involved.
def dense_forward(X, W, b):
    X, W, b = (np.asarray(a, dtype=float) for a in (X, W, b))
    return np.stack([X[i] @ W + b for i in range(X.shape[0])])
