# expect: fail error shrinks like h, not h²
# A backward difference is just as one-sided as a forward one.
def num_derivative(f, z, h=1e-6):
    return (f(z) - f(z - h)) / h
