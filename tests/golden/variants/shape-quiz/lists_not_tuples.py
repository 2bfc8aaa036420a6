# expect: fail give each shape as a tuple
def lenet_shapes(n=1, h=28, w=28):
    h1, w1 = conv2d_out(h, w, 5, 5, padding=2)
    h2, w2 = conv2d_out(h1, w1, 2, 2, stride=2)
    h3, w3 = conv2d_out(h2, w2, 5, 5)
    h4, w4 = conv2d_out(h3, w3, 2, 2, stride=2)
    return {
        "input": [n, 1, h, w],
        "conv1": [n, 6, h1, w1],
        "pool1": [n, 6, h2, w2],
        "conv2": [n, 16, h3, w3],
        "pool2": [n, 16, h4, w4],
        "flatten": [n, 16 * h4 * w4],
        "fc1": [n, 120],
        "fc2": [n, 84],
        "fc3": [n, 10],
    }
