# expect: fail uses 2x2 windows whatever the size
# LeNet pools 2x2, so the window is hard-coded: `size` only sets the default stride.
def max_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    windows = sliding_window_view(X, (2, 2), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))
