# expect: fail forgets the + 1
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    return (H + 2 * padding - KH) // stride, (W + 2 * padding - KW) // stride
