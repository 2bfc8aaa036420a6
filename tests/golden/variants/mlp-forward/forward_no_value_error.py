# expect: fail raise a ValueError naming the unknown activation
# Looks the names up in a dict: an unknown one raises KeyError, not ValueError.
def mlp_forward(X, params, hidden_activation="relu", output_activation="softmax"):
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    out = {"softmax": softmax, "sigmoid": sigmoid, "identity": lambda z: z}[output_activation]
    A = np.asarray(X, dtype=float)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    W, b = params[-1]
    return out(A @ W + b)
