# expect: pass
# Correct: einsum over strided windows, and LeNet as a loop over a table of layers.
def conv2d_forward(X, W, b, stride=1, padding=0):
    Xp = np.pad(X, [(0, 0), (0, 0), (padding, padding), (padding, padding)], mode="constant")
    kh, kw = W.shape[2:]
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::stride, ::stride]
    return np.einsum("ncyxab,ocab->noyx", windows, W) + b.reshape(1, -1, 1, 1)


LAYERS = (
    ("conv", "conv1", 2),
    ("relu",),
    ("pool",),
    ("conv", "conv2", 0),
    ("relu",),
    ("pool",),
    ("flatten",),
    ("dense", "fc1"),
    ("relu",),
    ("dense", "fc2"),
    ("relu",),
    ("dense", "fc3"),
)


def lenet_forward(X, params):
    a = X
    for layer in LAYERS:
        kind = layer[0]
        if kind == "conv":
            a = conv2d_forward(a, params[layer[1] + ".weight"], params[layer[1] + ".bias"], 1, layer[2])
        elif kind == "relu":
            a = np.where(a > 0, a, 0.0)
        elif kind == "pool":
            a = max_pool2d_forward(a, 2)
        elif kind == "flatten":
            a = a.reshape(len(a), -1)
        else:
            a = np.einsum("ni,oi->no", a, params[layer[1] + ".weight"]) + params[layer[1] + ".bias"]
    return a
