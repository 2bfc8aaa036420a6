# expect: fail softmax is taken over axis 0 (the batch)
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    Z = A @ params[-1][0] + params[-1][1]
    if output_activation == "softmax":
        return softmax(Z, axis=0)
    return sigmoid(Z) if output_activation == "sigmoid" else Z
