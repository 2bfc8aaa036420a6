# expect: fail tanh works on a 1-D vector but failed on z of shape
# math.tanh per entry: fine for a vector, but each "entry" of a batch is a whole row.
import math


def tanh(z):
    return np.array([math.tanh(x) for x in np.asarray(z, dtype=float)])
