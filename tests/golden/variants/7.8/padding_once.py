# expect: fail adds the padding once
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    return (H + padding - KH) // stride + 1, (W + padding - KW) // stride + 1
