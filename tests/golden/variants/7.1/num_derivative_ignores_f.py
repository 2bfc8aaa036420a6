# expect: fail it ignored f
# Differentiates the sigmoid it was written for, whatever f it is given.
def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    return (sigmoid(z + h) - sigmoid(z - h)) / (2 * h)
