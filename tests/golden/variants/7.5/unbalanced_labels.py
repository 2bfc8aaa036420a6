# expect: fail positive labels
# Labels drawn at random instead of n // 2 of each.
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    y = np.zeros((n, 1))
    y[: 3 * n // 4] = 1.0
    X = rng.standard_normal((n, 2)) + np.where(y > 0, 2.0, -2.0)
    return X, y
