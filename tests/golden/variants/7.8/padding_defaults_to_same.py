# expect: fail padding defaults to 0
# "same" padding as the default: with no padding given, pad (k - 1) // 2 to keep the size.
def conv2d_out(H, W, KH, KW, stride=1, padding=None):
    ph, pw = ((KH - 1) // 2, (KW - 1) // 2) if padding is None else (padding, padding)
    return (H + 2 * ph - KH) // stride + 1, (W + 2 * pw - KW) // stride + 1
