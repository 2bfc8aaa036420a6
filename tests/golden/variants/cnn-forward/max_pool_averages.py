# expect: fail averages each window
def max_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.mean(axis=(-2, -1))
