# expect: fail keeps the partial windows at the edges
# Rounds the output size up and pads the ragged edge with -inf (ceil_mode=True in torch),
# so the last row and column pool over a window that sticks out of the image.
def max_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    n, c, h, w = X.shape
    h_out = -(-(h - size) // stride) + 1
    w_out = -(-(w - size) // stride) + 1
    extra_h = (h_out - 1) * stride + size - h
    extra_w = (w_out - 1) * stride + size - w
    Xp = np.pad(X, ((0, 0), (0, 0), (0, extra_h), (0, extra_w)), constant_values=-np.inf)
    windows = sliding_window_view(Xp, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))
