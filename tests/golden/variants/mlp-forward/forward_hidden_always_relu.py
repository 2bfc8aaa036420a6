# expect: fail it ignores hidden_activation
# ReLU on every hidden layer, whatever hidden_activation says.
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = relu
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    W, b = params[-1]
    return out(A @ W + b)
