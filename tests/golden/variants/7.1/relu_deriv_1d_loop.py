# expect: fail relu_deriv works on a 1-D vector but failed on z of shape
# One comparison per entry in Python: `x > 0` on a row of a batch has no single truth value.
def relu_deriv(z):
    return np.array([1.0 if x > 0 else 0.0 for x in np.asarray(z, dtype=float)])
