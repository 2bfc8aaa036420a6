# expect: fail it ignores output_activation
# Softmax on the last layer, whatever output_activation says.
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = softmax
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    W, b = params[-1]
    return out(A @ W + b)
