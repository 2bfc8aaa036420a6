# expect: fail returns the channels last
# tensordot leaves the output channels on the last axis, and the transpose back to
# (n, c_out, h_out, w_out) is forgotten: the bias still broadcasts, so nothing raises.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=float)
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(Xp, W.shape[2:], axis=(2, 3))[:, :, ::stride, ::stride]
    return np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3])) + b
