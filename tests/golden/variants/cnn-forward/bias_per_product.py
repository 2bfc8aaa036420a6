# expect: fail adds the bias inside the sum, once per product
# The bias sits inside the innermost loop, so it is added c_in * kh * kw times.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.pad(np.asarray(X, dtype=float), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (h - kh) // stride + 1, (w - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for o in range(c_out):
        for y in range(h_out):
            for x in range(w_out):
                for c in range(c_in):
                    for a in range(kh):
                        for d in range(kw):
                            Z[:, o, y, x] += X[:, c, y * stride + a, x * stride + d] * W[o, c, a, d] + b[o]
    return Z
