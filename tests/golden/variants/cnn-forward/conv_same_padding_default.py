# expect: fail the padding should default to 0
# Defaults to "same" padding (Keras' padding="same"): padding=None pads kh // 2 rows and
# kw // 2 columns, so a call without a padding keeps the image size instead of shrinking it.
def conv2d_forward(X, W, b, stride=1, padding=None):
    X = np.asarray(X, dtype=float)
    _, _, kh, kw = W.shape
    ph, pw = (kh // 2, kw // 2) if padding is None else (padding, padding)
    Xp = np.pad(X, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    Z = np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3]))
    return Z.transpose(0, 3, 1, 2) + b[None, :, None, None]
