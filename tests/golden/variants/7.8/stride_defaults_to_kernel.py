# expect: fail stride defaults to 1
# Pooling's convention carried over: with no stride given, the window steps by its own size.
def conv2d_out(H, W, KH, KW, stride=None, padding=0):
    sh, sw = (KH, KW) if stride is None else (stride, stride)
    return (H + 2 * padding - KH) // sh + 1, (W + 2 * padding - KW) // sw + 1
