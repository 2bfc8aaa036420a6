# expect: fail returns fractions
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    return (H + 2 * padding - KH) / stride + 1, (W + 2 * padding - KW) / stride + 1
