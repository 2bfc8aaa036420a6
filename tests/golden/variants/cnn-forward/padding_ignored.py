# expect: fail the padding is ignored
def conv2d_forward(X, W, b, stride=1, padding=0):
    kh, kw = W.shape[2:]
    windows = sliding_window_view(X, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    Z = np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3]))
    return Z.transpose(0, 3, 1, 2) + b[None, :, None, None]
