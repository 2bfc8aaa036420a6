# expect: fail it pools across the channels as well
def avg_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    X = np.asarray(X, dtype=float)
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    averaged = windows.mean(axis=(1, -2, -1))
    return np.repeat(averaged[:, None], X.shape[1], axis=1)
