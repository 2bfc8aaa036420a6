# expect: fail returns (W_out, H_out)
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    return (W + 2 * padding - KW) // stride + 1, (H + 2 * padding - KH) // stride + 1
