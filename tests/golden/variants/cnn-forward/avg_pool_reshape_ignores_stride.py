# expect: fail ignores the stride argument
# The reshape trick: crop to whole windows, split each axis into (blocks, size) and average
# the size axes. Right for side-by-side windows, but it cannot overlap them, so `stride` is
# never used.
def avg_pool2d_forward(X, size=2, stride=None):
    X = np.asarray(X, dtype=float)
    n, c, h, w = X.shape
    rows, cols = h // size, w // size
    blocks = X[:, :, : rows * size, : cols * size].reshape(n, c, rows, size, cols, size)
    return blocks.mean(axis=(3, 5))
