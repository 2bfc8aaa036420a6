# expect: fail returned different data on two calls
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng()
    X = np.vstack([rng.standard_normal((n // 2, 2)) + 2.0,
                   rng.standard_normal((n - n // 2, 2)) - 2.0])
    y = np.vstack([np.ones((n // 2, 1)), np.zeros((n - n // 2, 1))])
    return X, y
