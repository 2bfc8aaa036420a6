# expect: fail rounds up
import math


def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    H_out = math.ceil((H + 2 * padding - KH) / stride) + 1
    W_out = math.ceil((W + 2 * padding - KW) / stride) + 1
    return H_out, W_out
