# expect: fail the stride is ignored
def conv2d_forward(X, W, b, stride=1, padding=0):
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    kh, kw = W.shape[2:]
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))
    Z = np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3]))
    return Z.transpose(0, 3, 1, 2) + b[None, :, None, None]
