# expect: fail the default hidden_activation is 'relu'
# Right for any activations it is given, but tanh by default.
def mlp_forward(X, params, hidden_activation="tanh", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    W, b = params[-1]
    return out(A @ W + b)
