# expect: fail tanh returned shape
# Every entry through math.tanh, but the result is never given z's shape back.
import math


def tanh(z):
    return np.fromiter((math.tanh(x) for x in np.ravel(z)), dtype=float)
