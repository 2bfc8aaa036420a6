# expect: fail to the last layer as well, before softmax
# ReLU before softmax on the last layer.
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params:
        A = hidden(A @ W + b)
    return out(A)
