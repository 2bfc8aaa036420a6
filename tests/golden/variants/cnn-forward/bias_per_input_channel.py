# expect: fail adds the bias once per input channel
# One 2-D correlation per (input channel, output channel), each with the bias added.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.pad(np.asarray(X, dtype=float), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (h - kh) // stride + 1, (w - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for o in range(c_out):
        for c in range(c_in):
            for y in range(h_out):
                for x in range(w_out):
                    patch = X[:, c, y * stride : y * stride + kh, x * stride : x * stride + kw]
                    Z[:, o, y, x] += np.sum(patch * W[o, c], axis=(1, 2)) + b[o]
    return Z
