# expect: fail one layer per consecutive pair of sizes
# Off by one: the loop stops a layer early, so the last layer is missing.
def init_params(layer_sizes, rng, scheme="he"):
    if scheme not in ("he", "xavier") or len(layer_sizes) < 2:
        raise ValueError("bad arguments")
    params = []
    for l in range(1, len(layer_sizes) - 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        params.append((rng.standard_normal((fan_in, fan_out)) * np.sqrt(var), np.zeros(fan_out)))
    return params
