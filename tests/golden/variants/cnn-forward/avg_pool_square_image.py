# expect: fail assumes a square image
# Keeps as many window positions along the width as along the height.
def avg_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    X = np.asarray(X, dtype=float)
    out = (X.shape[2] - size) // stride + 1
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows[:, :, :out, :out].mean(axis=(-2, -1))
