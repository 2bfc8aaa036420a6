# expect: fail the stride should default to 1
# Copies the pooling functions' signature: stride=None means "the window size", so a call
# without a stride moves the kernel kh (kw) pixels at a time instead of one.
def conv2d_forward(X, W, b, stride=None, padding=0):
    X = np.asarray(X, dtype=float)
    _, _, kh, kw = W.shape
    step_h, step_w = (kh, kw) if stride is None else (stride, stride)
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::step_h, ::step_w]
    Z = np.tensordot(windows, W, axes=([1, 4, 5], [1, 2, 3]))
    return Z.transpose(0, 3, 1, 2) + b[None, :, None, None]
