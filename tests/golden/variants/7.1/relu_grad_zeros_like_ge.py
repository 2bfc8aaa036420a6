# expect: fail it returns 1 at z = 0
# A textbook form: start from zeros and set 1 where z >= 0, which counts the kink as active.
def relu_deriv(z):
    z = np.asarray(z, dtype=float)
    grad = np.zeros_like(z)
    grad[z >= 0] = 1.0
    return grad
