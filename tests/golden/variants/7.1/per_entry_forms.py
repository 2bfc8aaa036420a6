# expect: pass
# Correct but different: per-entry Python code that keeps z's shape (np.vectorize and
# np.ndindex), so a loop is fine as long as any shape goes in and the same shape comes out;
# and num_derivative with its step as an array.
import math


def _sigmoid_one(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(z):
    return np.vectorize(_sigmoid_one, otypes=[float])(np.asarray(z, dtype=float))


def sigmoid_deriv(z):
    s = sigmoid(z)
    return s - s**2


def relu(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    for index in np.ndindex(z.shape):
        out[index] = max(0.0, z[index])
    return out


def relu_deriv(z):
    return np.vectorize(lambda x: 1.0 if x > 0 else 0.0, otypes=[float])(np.asarray(z))


def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    step = np.full_like(z, h)
    return (f(z + step) - f(z - step)) / (2.0 * step)
