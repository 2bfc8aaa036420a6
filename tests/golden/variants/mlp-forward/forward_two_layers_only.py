# expect: fail params may hold any number of layers
# Unpacks exactly two layers, the network of the worked example.
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    if hidden_activation not in HIDDEN_ACTIVATIONS or output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError("unknown activation")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    (W1, b1), (W2, b2) = params
    return out(hidden(np.asarray(X, dtype=float) @ W1 + b1) @ W2 + b2)
