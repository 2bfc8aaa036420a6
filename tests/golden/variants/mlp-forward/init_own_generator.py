# expect: fail it ignores the rng argument
def init_params(layer_sizes, rng, scheme="he"):
    rng = np.random.default_rng(0)
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = np.sqrt(2.0 / fan_in) if scheme == "he" else np.sqrt(2.0 / (fan_in + fan_out))
        params.append((rng.standard_normal((fan_in, fan_out)) * std, np.zeros(fan_out)))
    return params
