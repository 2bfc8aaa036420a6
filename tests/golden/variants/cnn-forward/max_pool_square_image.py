# expect: fail assumes a square image
# One output size, computed from the height, serves both axes: a wide image loses columns
# (or a tall one gains them).
def max_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    n, c, h, _ = X.shape
    out = (h - size) // stride + 1
    pooled = np.zeros((n, c, out, out))
    for y in range(out):
        for x in range(out):
            window = X[:, :, y * stride : y * stride + size, x * stride : x * stride + size]
            pooled[:, :, y, x] = window.max(axis=(2, 3))
    return pooled
