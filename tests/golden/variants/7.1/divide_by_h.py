# expect: fail the central difference spans 2h
def num_derivative(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / h
