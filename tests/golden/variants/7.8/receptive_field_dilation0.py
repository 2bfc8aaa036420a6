# expect: fail leaves the kernel size out of the formula
# Kernel size vs receptive field mixed up: the dilated-kernel formula with dilation 0
# (it should be 1 for an ordinary kernel), so the kernel drops out.
def conv2d_out(H, W, KH, KW, stride=1, padding=0, dilation=0):
    H_out = (H + 2 * padding - dilation * (KH - 1) - 1) // stride + 1
    W_out = (W + 2 * padding - dilation * (KW - 1) - 1) // stride + 1
    return H_out, W_out
