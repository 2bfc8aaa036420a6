# expect: fail relu_deriv returned integers
def relu_deriv(z):
    return (np.asarray(z) > 0).astype(int)
