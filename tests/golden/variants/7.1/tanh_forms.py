# expect: pass
# Correct but different: sigmoid through tanh, relu as z * (z > 0), a relu_deriv mask
# multiplied into floats, and the central difference written as two divisions.
def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_deriv(z):
    s = sigmoid(z)
    return s - s * s


def relu(z):
    z = np.asarray(z, dtype=float)
    return z * (z > 0)


def relu_deriv(z):
    return (np.asarray(z) > 0) * 1.0


def num_derivative(f, z, h=1e-5):
    return (f(z + h) - f(z - h)) / h / 2
