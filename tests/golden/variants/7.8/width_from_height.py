# expect: fail computes the width from the input height H
# Square-image habit (MNIST): the width is computed from H, so W is never read.
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    H_out = (H + 2 * padding - KH) // stride + 1
    W_out = (H + 2 * padding - KW) // stride + 1
    return H_out, W_out
