# expect: fail assumes a square kernel
# Computes the output size from kw on both axes and slices windows of kh x kw, so the
# shapes work but the output has the wrong number of rows.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=float)
    X = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (h - kw) // stride + 1, (w - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            window = X[:, :, y * stride : y * stride + kh, x * stride : x * stride + kw]
            if window.shape[2] == kh:
                Z[:, :, y, x] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3]))
    return Z + b[None, :, None, None]
