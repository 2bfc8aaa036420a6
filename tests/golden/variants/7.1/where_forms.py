# expect: pass
# Correct but different: a branch-per-sign sigmoid with np.where that silences the
# overflow of the unused branch itself (np.errstate), np.heaviside for relu_deriv, the
# naive 1 / (1 + exp(-z)) for the derivative's sigmoid (overflow warning, right values).
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))


def sigmoid_deriv(z):
    s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return s * (1.0 - s)


def relu(z):
    return np.where(np.asarray(z) > 0, z, 0.0)


def relu_deriv(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.0)


def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    return 0.5 * (f(z + h) - f(z - h)) / h
