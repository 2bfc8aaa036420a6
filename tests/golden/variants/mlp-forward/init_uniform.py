# expect: fail looks uniformly distributed
# Glorot/He *uniform*: the right std, but not the normal draw the docstring asks for.
def init_params(layer_sizes, rng, scheme="he"):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        limit = np.sqrt(3.0 * var)
        params.append((rng.uniform(-limit, limit, (fan_in, fan_out)), np.zeros(fan_out)))
    return params
