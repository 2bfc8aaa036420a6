# expect: pass
# Correct: walk a table of layers, reusing conv2d_out for convolutions and poolings alike.
TABLE = (
    ("conv1", 6, 5, 1, 2),
    ("pool1", None, 2, 2, 0),
    ("conv2", 16, 5, 1, 0),
    ("pool2", None, 2, 2, 0),
)


def lenet_shapes(n=1, h=28, w=28):
    shapes = {"input": (n, 1, h, w)}
    channels = 1
    for name, out_channels, kernel, stride, padding in TABLE:
        h, w = conv2d_out(h, w, kernel, kernel, stride=stride, padding=padding)
        channels = out_channels or channels
        shapes[name] = (n, channels, h, w)
    shapes["flatten"] = (n, channels * h * w)
    for name, width in (("fc1", 120), ("fc2", 84), ("fc3", 10)):
        shapes[name] = (n, width)
    return shapes
