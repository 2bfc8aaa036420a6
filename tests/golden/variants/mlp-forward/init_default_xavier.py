# expect: fail the default is scheme='he'
# Right for either scheme it is given, but Xavier by default.
def init_params(layer_sizes, rng, scheme="xavier"):
    if scheme not in ("he", "xavier") or len(layer_sizes) < 2:
        raise ValueError("bad arguments")
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        params.append((rng.standard_normal((fan_in, fan_out)) * np.sqrt(var), np.zeros(fan_out)))
    return params
