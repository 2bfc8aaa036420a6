# expect: fail the default seed is 1
# seed=None by default: make_separable_data() draws new points on every call.
def make_separable_data(n=16, seed=None):
    rng = np.random.default_rng(seed)
    n_pos = n // 2
    X_pos = rng.standard_normal((n_pos, 2)) + np.array([2.0, 2.0])
    X_neg = rng.standard_normal((n - n_pos, 2)) + np.array([-2.0, -2.0])
    return np.vstack([X_pos, X_neg]), np.vstack([np.ones((n_pos, 1)), np.zeros((n - n_pos, 1))])
