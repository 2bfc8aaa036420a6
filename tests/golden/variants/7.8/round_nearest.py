# expect: fail rounds to the nearest integer
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    H_out = round((H + 2 * padding - KH) / stride) + 1
    W_out = round((W + 2 * padding - KW) / stride) + 1
    return H_out, W_out
