# expect: fail the default n is 16
# Another default size in the signature; n is used as passed.
def make_separable_data(n=20, seed=1):
    rng = np.random.default_rng(seed)
    n_pos = n // 2
    X_pos = rng.standard_normal((n_pos, 2)) + np.array([2.0, 2.0])
    X_neg = rng.standard_normal((n - n_pos, 2)) + np.array([-2.0, -2.0])
    return np.vstack([X_pos, X_neg]), np.vstack([np.ones((n_pos, 1)), np.zeros((n - n_pos, 1))])
