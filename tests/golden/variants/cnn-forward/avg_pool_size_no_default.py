# expect: fail size should default to 2
# The signature drops size's default, so avg_pool2d_forward(X) raises a TypeError.
def avg_pool2d_forward(X, size, stride=None):
    stride = size if stride is None else stride
    X = np.asarray(X, dtype=float)
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.mean(axis=(-2, -1))
