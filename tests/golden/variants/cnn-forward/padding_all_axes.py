# expect: fail np.pad(X, padding) pads every axis
# np.pad with a single number pads every axis, the batch and channel axes too.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    Xp = np.pad(X, padding)
    kh, kw = W.shape[2:]
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    windows = windows[:, padding : padding + W.shape[1]]
    return np.einsum("nchwij,ocij->nohw", windows, W) + b[None, :, None, None]
