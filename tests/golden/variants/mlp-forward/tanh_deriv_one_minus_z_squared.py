# expect: fail it returned 1 - z**2
def tanh_deriv(z):
    z = np.asarray(z, dtype=float)
    return 1.0 - z**2
