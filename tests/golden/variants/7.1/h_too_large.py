# expect: fail the default h is too large
# Seed's common mistake: picking h too large (a biased estimate).
def num_derivative(f, z, h=0.1):
    return (f(z + h) - f(z - h)) / (2.0 * h)
