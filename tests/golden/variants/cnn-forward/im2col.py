# expect: pass
# Correct: im2col with index arrays and one matrix product; pooling by reshape when the
# windows tile the image (stride == size), by sliding windows otherwise.
def conv2d_forward(X, W, b, stride=1, padding=0):
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    rows = (np.arange(h_out) * stride)[:, None] + np.arange(kh)[None, :]  # (h_out, kh)
    cols = (np.arange(w_out) * stride)[:, None] + np.arange(kw)[None, :]  # (w_out, kw)
    # patches[i, c, y, a, x, d] = Xp[i, c, rows[y, a], cols[x, d]]
    patches = Xp[:, :, rows[:, :, None, None], cols[None, None, :, :]]
    columns = patches.transpose(0, 2, 4, 1, 3, 5).reshape(n * h_out * w_out, c_in * kh * kw)
    Z = columns @ W.reshape(c_out, -1).T + b
    return Z.reshape(n, h_out, w_out, c_out).transpose(0, 3, 1, 2)


def _pool(X, size, stride, how):
    stride = size if stride is None else stride
    n, c, h, w = X.shape
    h_out, w_out = (h - size) // stride + 1, (w - size) // stride + 1
    if stride == size:
        tiles = X[:, :, : h_out * size, : w_out * size].reshape(n, c, h_out, size, w_out, size)
        return how(tiles, axis=(3, 5))
    windows = np.lib.stride_tricks.sliding_window_view(X, (size, size), axis=(2, 3))
    return how(windows[:, :, ::stride, ::stride], axis=(-2, -1))


def max_pool2d_forward(X, size=2, stride=None):
    return _pool(X, size, stride, np.max)


def avg_pool2d_forward(X, size=2, stride=None):
    return _pool(np.asarray(X, dtype=float), size, stride, np.mean)
