# expect: fail uses the kernel height KH on both axes
# Square-kernel habit (5x5): one kernel size k = KH for both axes, so KW is never read.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    k = KH
    return (H + 2 * padding - k) // stride + 1, (W + 2 * padding - k) // stride + 1
