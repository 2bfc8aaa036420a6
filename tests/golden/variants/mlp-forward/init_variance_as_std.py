# expect: fail as the standard deviation; take its square root
def init_params(layer_sizes, rng, scheme="he"):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
