# expect: fail it must return n = 
# Draws the seed's 16 points whatever n is passed.
def make_separable_data(n=16, seed=1):
    rng = np.random.default_rng(seed)
    X_pos = rng.standard_normal((8, 2)) + np.array([2.0, 2.0])
    X_neg = rng.standard_normal((8, 2)) + np.array([-2.0, -2.0])
    return np.vstack([X_pos, X_neg]), np.vstack([np.ones((8, 1)), np.zeros((8, 1))])
