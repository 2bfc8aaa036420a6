# expect: fail the stride should default to the window size
def max_pool2d_forward(X, size=2, stride=1):
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))
