# expect: pass
# Correct but different: sliding windows through as_strided-free slicing, one einsum per
# kernel offset (kh * kw small products), bias added once at the end.
def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.pad(np.asarray(X, dtype=float), ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, c_in, h, w = X.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (h - kh) // stride + 1, (w - kw) // stride + 1
    Z = np.zeros((n, c_out, h_out, w_out))
    for a in range(kh):
        for d in range(kw):
            part = X[:, :, a : a + stride * (h_out - 1) + 1 : stride, d : d + stride * (w_out - 1) + 1 : stride]
            Z += np.einsum("nchw,oc->nohw", part, W[:, :, a, d])
    return Z + np.reshape(b, (1, -1, 1, 1))
