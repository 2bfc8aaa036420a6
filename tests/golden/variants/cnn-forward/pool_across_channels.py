# expect: fail it pools across the channels as well
# The max also runs over the channel axis: one map per image, repeated for every channel.
def max_pool2d_forward(X, size=2, stride=None):
    stride = size if stride is None else stride
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    pooled = windows.max(axis=(1, -2, -1), keepdims=False)
    return np.repeat(pooled[:, None], X.shape[1], axis=1)
