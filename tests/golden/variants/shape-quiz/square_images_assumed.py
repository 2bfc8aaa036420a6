# expect: fail the width is wrong while the height is right
# Square-image habit: one size s = h for both axes, so w is never used past the input.
def lenet_shapes(n=1, h=28, w=28):
    shapes = {"input": (n, 1, h, w)}
    s = h
    s = conv2d_out(s, s, 5, 5, padding=2)[0]
    shapes["conv1"] = (n, 6, s, s)
    s = conv2d_out(s, s, 2, 2, stride=2)[0]
    shapes["pool1"] = (n, 6, s, s)
    s = conv2d_out(s, s, 5, 5)[0]
    shapes["conv2"] = (n, 16, s, s)
    s = conv2d_out(s, s, 2, 2, stride=2)[0]
    shapes["pool2"] = (n, 16, s, s)
    shapes["flatten"] = (n, 16 * s * s)
    shapes["fc1"], shapes["fc2"], shapes["fc3"] = (n, 120), (n, 84), (n, 10)
    return shapes
