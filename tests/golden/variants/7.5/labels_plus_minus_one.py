# expect: fail labels must be 0 and 1
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.standard_normal((n // 2, 2)) + 2.0,
                   rng.standard_normal((n - n // 2, 2)) - 2.0])
    y = np.r_[np.ones(n // 2), -np.ones(n - n // 2)].reshape(-1, 1)
    return X, y
