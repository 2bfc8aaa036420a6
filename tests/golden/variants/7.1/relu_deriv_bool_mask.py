# expect: fail relu_deriv returned a boolean mask
# The mask itself, without converting it to floats.
def relu_deriv(z):
    return np.asarray(z) > 0
