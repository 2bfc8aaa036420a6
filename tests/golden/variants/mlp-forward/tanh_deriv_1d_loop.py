# expect: fail tanh_deriv works on a 1-D vector but failed on z of shape
# One derivative per entry with math.tanh: a batch hands it whole rows.
import math


def tanh_deriv(z):
    return np.array([1.0 - math.tanh(x) ** 2 for x in np.asarray(z, dtype=float)])
