# expect: fail assumes a square image
# Reads one image size from X.shape and uses it for both axes, so a wider-than-tall image
# loses its right-hand columns (w_out is computed from h).
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=float)
    n, c_in, size, _ = X.shape
    c_out, _, kh, kw = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (size + 2 * padding - kh) // stride + 1
    w_out = (size + 2 * padding - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            window = Xp[:, :, y * stride : y * stride + kh, x * stride : x * stride + kw]
            Z[:, :, y, x] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3]))
    return Z + b[None, :, None, None]
