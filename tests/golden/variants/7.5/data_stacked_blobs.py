# expect: pass
# Correct but different: both blobs drawn in one call, labels from a comparison.
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    n_pos = n // 2
    X = rng.standard_normal((n, 2))
    X[:n_pos] += 2.0
    X[n_pos:] -= 2.0
    y = (np.arange(n) < n_pos).astype(np.float64).reshape(n, 1)
    return X, y
