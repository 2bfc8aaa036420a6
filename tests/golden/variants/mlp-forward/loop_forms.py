# expect: pass
# Correct but different: the Jacobian one example at a time with np.diag and np.outer,
# init that keeps [W, b] lists, a forward pass that indexes layers and dispatches with if.
def softmax_jacobian(z):
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        p = softmax(z)
        return np.diag(p) - np.outer(p, p)
    return np.stack([softmax_jacobian(row) for row in z])


def init_params(layer_sizes, rng, scheme="he"):
    if scheme not in ("he", "xavier"):
        raise ValueError(f"unknown scheme {scheme}")
    params = []
    for i in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[i - 1], layer_sizes[i]
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        params.append([np.sqrt(var) * rng.standard_normal((fan_in, fan_out)), np.zeros(fan_out)])
    return params


def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    A = np.asarray(X, dtype=float)
    for i, (W, b) in enumerate(params):
        Z = A @ W + b
        if i < len(params) - 1:
            if hidden_activation == "relu":
                A = np.maximum(Z, 0.0)
            elif hidden_activation == "tanh":
                A = np.tanh(Z)
            elif hidden_activation == "sigmoid":
                A = sigmoid(Z)
            else:
                raise ValueError(f"unknown hidden activation {hidden_activation}")
        elif output_activation == "softmax":
            A = softmax(Z)
        elif output_activation == "sigmoid":
            A = sigmoid(Z)
        elif output_activation == "identity":
            A = Z
        else:
            raise ValueError(f"unknown output activation {output_activation}")
    if hidden_activation not in ("relu", "tanh", "sigmoid"):
        raise ValueError(f"unknown hidden activation {hidden_activation}")
    return A
