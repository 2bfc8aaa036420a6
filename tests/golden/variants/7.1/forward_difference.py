# expect: fail error shrinks like h, not h²
# Seed's common mistake: a forward difference instead of a central one.
def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    return (f(z + h) - f(z)) / h
