# expect: pass
# Correct but different: windows built with as_strided from the array's own strides (rows
# and columns sized separately), the padding written into a zero array, `stride or size`
# for the pooling default, and logits with np.dot on a batch flattened by X.shape[0].
def _windows(X, kh, kw, stride):
    n, c, h, w = X.shape
    s_n, s_c, s_h, s_w = X.strides
    shape = (n, c, (h - kh) // stride + 1, (w - kw) // stride + 1, kh, kw)
    strides = (s_n, s_c, s_h * stride, s_w * stride, s_h, s_w)
    return np.lib.stride_tricks.as_strided(X, shape, strides, writeable=False)


def conv2d_forward(X, W, b, stride=1, padding=0):
    X = np.asarray(X, dtype=np.float64)
    n, c_in, h, w = X.shape
    padded = np.zeros((n, c_in, h + 2 * padding, w + 2 * padding))
    padded[:, :, padding : padding + h, padding : padding + w] = X
    windows = _windows(padded, W.shape[2], W.shape[3], stride)
    return np.einsum("nchwij,ocij->nohw", windows, W) + b.reshape(1, -1, 1, 1)


def max_pool2d_forward(X, size=2, stride=None):
    X = np.ascontiguousarray(X)
    return _windows(X, size, size, stride or size).max(axis=(4, 5))


def avg_pool2d_forward(X, size=2, stride=None):
    X = np.ascontiguousarray(X, dtype=np.float64)
    return _windows(X, size, size, stride or size).mean(axis=(4, 5))


def lenet_forward(X, params):
    a = relu(conv2d_forward(X, params["conv1.weight"], params["conv1.bias"], padding=2))
    a = max_pool2d_forward(a)
    a = relu(conv2d_forward(a, params["conv2.weight"], params["conv2.bias"]))
    a = max_pool2d_forward(a).reshape(X.shape[0], -1)
    for layer in ("fc1", "fc2"):
        a = relu(np.dot(a, params[f"{layer}.weight"].T) + params[f"{layer}.bias"])
    return np.dot(a, params["fc3.weight"].T) + params["fc3.bias"]
