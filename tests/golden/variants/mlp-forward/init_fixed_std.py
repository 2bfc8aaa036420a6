# expect: fail a fixed std of 0.01
# One small std for every layer, whatever the scheme and the layer's size.
def init_params(layer_sizes, rng, scheme="he"):
    if scheme not in ("he", "xavier"):
        raise ValueError(scheme)
    return [
        (rng.standard_normal((fan_in, fan_out)) * 0.01, np.zeros(fan_out))
        for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:])
    ]
