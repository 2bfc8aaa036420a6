# expect: fail is not separable enough
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.standard_normal((n // 2, 2)) + 0.2,
                   rng.standard_normal((n - n // 2, 2)) - 0.2])
    y = np.vstack([np.ones((n // 2, 1)), np.zeros((n - n // 2, 1))])
    return X, y
