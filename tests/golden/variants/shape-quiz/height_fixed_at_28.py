# expect: fail the height is wrong while the width is right
# Written against MNIST: conv1 is fed the height 28 instead of h, so h is never used past the input.
def lenet_shapes(n=1, h=28, w=28):
    shapes = {"input": (n, 1, h, w)}
    h1, w1 = conv2d_out(28, w, 5, 5, padding=2)
    shapes["conv1"] = (n, 6, h1, w1)
    h2, w2 = conv2d_out(h1, w1, 2, 2, stride=2)
    shapes["pool1"] = (n, 6, h2, w2)
    h3, w3 = conv2d_out(h2, w2, 5, 5)
    shapes["conv2"] = (n, 16, h3, w3)
    h4, w4 = conv2d_out(h3, w3, 2, 2, stride=2)
    shapes["pool2"] = (n, 16, h4, w4)
    shapes["flatten"] = (n, 16 * h4 * w4)
    shapes["fc1"], shapes["fc2"], shapes["fc3"] = (n, 120), (n, 84), (n, 10)
    return shapes
