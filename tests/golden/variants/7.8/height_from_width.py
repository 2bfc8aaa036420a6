# expect: fail computes the height from the input width W
# Copy-paste slip: the W_out line was written first and copied, and the copy still reads W.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    W_out = (W + 2 * padding - KW) // stride + 1
    H_out = (W + 2 * padding - KH) // stride + 1
    return H_out, W_out
