# expect: fail transposed; store it as (fan_in, fan_out)
def init_params(layer_sizes, rng, scheme="he"):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = np.sqrt(2.0 / fan_in) if scheme == "he" else np.sqrt(2.0 / (fan_in + fan_out))
        params.append((rng.standard_normal((fan_out, fan_in)) * std, np.zeros(fan_out)))
    return params
