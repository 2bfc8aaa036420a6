# expect: fail it divides each window's sum by the window's side
# Sums each window and divides by the window's side instead of its size * size values.
def avg_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    X = np.asarray(X, dtype=float)
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.sum(axis=(-2, -1)) / size
