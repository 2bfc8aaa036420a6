# expect: pass
# Correct and naive: one Python loop per index, for the convolution and both poolings.
# Proves that a loop-based solution grades well inside the 20 s limit.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=float)
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    Xp = np.zeros((n, c_in, h + 2 * padding, w + 2 * padding))
    Xp[:, :, padding : padding + h, padding : padding + w] = X
    h_out = (h + 2 * padding - kh) // stride + 1
    w_out = (w + 2 * padding - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for i in range(n):
        for o in range(c_out):
            for y in range(h_out):
                for x in range(w_out):
                    total = b[o]
                    for c in range(c_in):
                        for a in range(kh):
                            for d in range(kw):
                                total += Xp[i, c, y * stride + a, x * stride + d] * W[o, c, a, d]
                    Z[i, o, y, x] = total
    return Z


def _pool(X, size, stride, reduce):
    stride = size if stride is None else stride
    n, c, h, w = X.shape
    h_out = (h - size) // stride + 1
    w_out = (w - size) // stride + 1
    out = np.zeros((n, c, h_out, w_out))
    for i in range(n):
        for ch in range(c):
            for y in range(h_out):
                for x in range(w_out):
                    window = X[i, ch, y * stride : y * stride + size, x * stride : x * stride + size]
                    out[i, ch, y, x] = reduce(window)
    return out


def max_pool2d_forward(X, size=2, stride=None):
    return _pool(X, size, stride, np.max)


def avg_pool2d_forward(X, size=2, stride=None):
    return _pool(X, size, stride, np.mean)
