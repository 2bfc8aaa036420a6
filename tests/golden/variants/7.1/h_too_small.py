# expect: fail round-off dominates
# Seed's common mistake: picking h too small (floating-point noise).
def num_derivative(f, z, h=1e-13):
    return (f(z + h) - f(z - h)) / (2.0 * h)
