# expect: fail return labels of shape (n, 1)
# The seed's "shape mismatch in pred == y": labels of shape (n,).
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.standard_normal((n // 2, 2)) + 2.0,
                   rng.standard_normal((n - n // 2, 2)) - 2.0])
    y = np.r_[np.ones(n // 2), np.zeros(n - n // 2)]
    return X, y
