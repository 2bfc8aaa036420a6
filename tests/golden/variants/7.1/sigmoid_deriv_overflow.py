# expect: fail sigmoid_deriv returned nan or inf for z = ±1000
# The derivative written out with exp and no clipping: inf / inf = nan at z = -1000.
def sigmoid_deriv(z):
    e = np.exp(-np.asarray(z, dtype=float))
    return e / (1.0 + e) ** 2
