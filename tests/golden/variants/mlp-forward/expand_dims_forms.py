# expect: pass
# Correct but different: tanh from exp(-2|z|) and the sign of z, softmax with the
# reduced axis put back by np.expand_dims (any shape, any axis), init with a lookup of the
# scheme's variance, and a forward pass that runs every layer in one loop with keyword
# defaults.
def tanh(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-2.0 * np.abs(z))
    return np.sign(z) * (1.0 - e) / (1.0 + e)


def tanh_deriv(z):
    return 1.0 - tanh(z) ** 2


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.expand_dims(np.max(z, axis=axis), axis))
    return e / np.expand_dims(np.sum(e, axis=axis), axis)


def init_params(layer_sizes, rng, scheme="he"):
    variance = {"he": lambda i, o: 2.0 / i, "xavier": lambda i, o: 2.0 / (i + o)}
    if scheme not in variance or len(layer_sizes) < 2:
        raise ValueError(f"bad scheme {scheme!r} or too few layer sizes")
    return [
        (rng.standard_normal((i, o)) * np.sqrt(variance[scheme](i, o)), np.zeros(o))
        for i, o in zip(layer_sizes[:-1], layer_sizes[1:])
    ]


def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}
    output = {"softmax": softmax, "sigmoid": sigmoid, "identity": np.asarray}
    if hidden_activation not in hidden or output_activation not in output or not params:
        raise ValueError("unknown activation or no layers")
    A = np.asarray(X, dtype=float)
    for index, (W, b) in enumerate(params, start=1):
        A = A @ W + b
        last = index == len(params)
        A = output[output_activation](A) if last else hidden[hidden_activation](A)
    return A
