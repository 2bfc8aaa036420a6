# expect: fail the pooling keeps the spatial size
def lenet_shapes(n=1, h=28, w=28):
    shapes = {"input": (n, 1, h, w)}
    h1, w1 = conv2d_out(h, w, 5, 5, padding=2)
    shapes["conv1"] = (n, 6, h1, w1)
    shapes["pool1"] = (n, 6, h1, w1)
    h3, w3 = conv2d_out(h1, w1, 5, 5)
    shapes["conv2"] = (n, 16, h3, w3)
    shapes["pool2"] = (n, 16, h3, w3)
    shapes["flatten"] = (n, 16 * h3 * w3)
    shapes["fc1"], shapes["fc2"], shapes["fc3"] = (n, 120), (n, 84), (n, 10)
    return shapes
