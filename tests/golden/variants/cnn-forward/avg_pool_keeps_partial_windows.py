# expect: fail keeps the partial windows at the edges
# Rounds the output size up; slicing clips the windows that stick out of the image, and
# the mean then averages whatever is left of them.
def avg_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    X = np.asarray(X, dtype=float)
    n, c, h, w = X.shape
    h_out = -(-(h - size) // stride) + 1
    w_out = -(-(w - size) // stride) + 1
    out = np.zeros((n, c, h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            window = X[:, :, y * stride : y * stride + size, x * stride : x * stride + size]
            out[:, :, y, x] = window.mean(axis=(2, 3))
    return out
