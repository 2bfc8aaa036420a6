# expect: fail sigmoid_deriv works on a 1-D vector but failed on z of shape
# Written for a vector: math.exp per entry. On a 2-D batch each "entry" is a whole row.
import math


def sigmoid_deriv(z):
    out = []
    for x in z:
        s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
        out.append(s * (1.0 - s))
    return np.array(out)
