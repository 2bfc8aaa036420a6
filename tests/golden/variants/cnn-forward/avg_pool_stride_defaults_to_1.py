# expect: fail the stride should default to the window size
# stride=1 by default: windows that overlap, which barely shrinks the image.
def avg_pool2d_forward(X, size=2, stride=1):
    X = np.asarray(X, dtype=float)
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.mean(axis=(-2, -1))
