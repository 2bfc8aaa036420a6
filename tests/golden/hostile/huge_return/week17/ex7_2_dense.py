"""Returns a 300 MB array (more than a message may carry)."""

import numpy as np


def dense_forward(X, W, b):
    return np.ones((300 * 2**20 // 8,))
