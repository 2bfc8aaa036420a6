# expect: pass
# Correct but different: tanh through the sigmoid, tanh_deriv as 1 / cosh², softmax by
# exp(z - max) / sum, the Jacobian with np.einsum, init via rng.normal(0, std, size).
def tanh(z):
    return 2.0 * sigmoid(2.0 * np.asarray(z, dtype=float)) - 1.0


def tanh_deriv(z):
    with np.errstate(over="ignore"):
        return 1.0 / np.cosh(np.asarray(z, dtype=float)) ** 2


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_jacobian(z):
    p = softmax(z)
    k = p.shape[-1]
    return np.einsum("...a,ab->...ab", p, np.eye(k)) - np.einsum("...a,...b->...ab", p, p)


def init_params(layer_sizes, rng, scheme="he"):
    if scheme not in ("he", "xavier"):
        raise ValueError(scheme)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        denominator = fan_in if scheme == "he" else fan_in + fan_out
        W = rng.normal(0.0, np.sqrt(2.0 / denominator), size=(fan_in, fan_out))
        params.append((W, np.zeros((fan_out,))))
    return params
