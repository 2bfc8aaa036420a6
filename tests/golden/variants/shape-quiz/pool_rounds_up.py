# expect: fail the pooling rounds up
import math


def lenet_shapes(n=1, h=28, w=28):
    shapes = {"input": (n, 1, h, w)}
    shapes["conv1"] = (n, 6, h, w)
    h, w = math.ceil(h / 2), math.ceil(w / 2)
    shapes["pool1"] = (n, 6, h, w)
    h, w = h - 4, w - 4
    shapes["conv2"] = (n, 16, h, w)
    h, w = math.ceil(h / 2), math.ceil(w / 2)
    shapes["pool2"] = (n, 16, h, w)
    shapes["flatten"] = (n, 16 * h * w)
    shapes["fc1"], shapes["fc2"], shapes["fc3"] = (n, 120), (n, 84), (n, 10)
    return shapes
