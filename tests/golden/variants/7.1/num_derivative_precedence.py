# expect: fail `/ 2 * h` multiplies by h
# Operator precedence: `/ 2 * h` is (... / 2) * h, not a division by 2h.
def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    return (f(z + h) - f(z - h)) / 2 * h
