# expect: fail one example per row
# The column-per-example course convention: each layer computes W.T @ A + b, which reads
# X as (d0, n).
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(W.T @ A + b[:, None])
    W, b = params[-1]
    return out(W.T @ A + b[:, None]).T
