# expect: fail the sizes must be ints
# Right values, wrong type: np.floor returns floats.
import numpy as np


def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    H_out = np.floor((H + 2 * padding - KH) / stride) + 1
    W_out = np.floor((W + 2 * padding - KW) / stride) + 1
    return H_out, W_out
