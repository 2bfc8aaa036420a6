# expect: fail assumes a square kernel
# Takes one kernel size k = W.shape[2] for both axes; the window slice then has kh x kh
# entries and cannot multiply the kh x kw kernel.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=float)
    X = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c_in, h, w = X.shape
    c_out, _, k, _ = W.shape
    h_out, w_out = (h - k) // stride + 1, (w - k) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for y in range(h_out):
        for x in range(w_out):
            window = X[:, :, y * stride : y * stride + k, x * stride : x * stride + k]
            Z[:, :, y, x] = np.tensordot(window, W, axes=([1, 2, 3], [1, 2, 3]))
    return Z + b[None, :, None, None]
