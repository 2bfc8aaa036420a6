# expect: fail divides the stride-1 output size by the stride
# Stride confused with downsampling by pooling: the stride-1 size, then divided by the stride.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    H_full = H + 2 * padding - KH + 1
    W_full = W + 2 * padding - KW + 1
    return H_full // stride, W_full // stride
