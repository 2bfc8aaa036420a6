# expect: fail pads only one side
def conv2d_forward(X, W, b, stride=1, padding=0):
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, 0), (padding, 0)))
    kh, kw = W.shape[2:]
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    Z = np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3]))
    return Z.transpose(0, 3, 1, 2) + b[None, :, None, None]
