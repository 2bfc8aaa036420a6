# expect: fail it returned 1 - tanh(z); the derivative is 1 - tanh(z)**2
def tanh_deriv(z):
    return 1.0 - np.tanh(z)
