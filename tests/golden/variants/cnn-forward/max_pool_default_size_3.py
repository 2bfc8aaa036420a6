# expect: fail size should default to 2
# Another default window: 3x3 (AlexNet's pooling) instead of LeNet's 2x2. Every call that
# passes a size is right; max_pool2d_forward(X) pools 3x3 windows.
def max_pool2d_forward(X, size=3, stride=None):
    stride = size if stride is None else stride
    windows = sliding_window_view(X, (size, size), axis=(2, 3))[:, :, ::stride, ::stride]
    return windows.max(axis=(-2, -1))
