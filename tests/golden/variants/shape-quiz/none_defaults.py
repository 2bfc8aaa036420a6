# expect: pass
# Correct: None defaults resolved in the body, sizes carried in a list and updated per layer.
def lenet_shapes(n=None, h=None, w=None):
    n = 1 if n is None else n
    size = [28 if h is None else h, 28 if w is None else w]
    shapes = {"input": (n, 1, *size)}
    for name, channels, kernel, stride, padding in (
        ("conv1", 6, 5, 1, 2),
        ("pool1", 6, 2, 2, 0),
        ("conv2", 16, 5, 1, 0),
        ("pool2", 16, 2, 2, 0),
    ):
        size = [(s + 2 * padding - kernel) // stride + 1 for s in size]
        shapes[name] = (n, channels, *size)
    shapes["flatten"] = (n, 16 * size[0] * size[1])
    shapes.update(fc1=(n, 120), fc2=(n, 84), fc3=(n, 10))
    return shapes
