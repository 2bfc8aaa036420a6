# expect: fail draw every number from the rng argument
# Ignores rng and uses NumPy's global generator: not reproducible.
def init_params(layer_sizes, rng, scheme="he"):
    params = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        std = np.sqrt(2.0 / fan_in) if scheme == "he" else np.sqrt(2.0 / (fan_in + fan_out))
        params.append((np.random.randn(fan_in, fan_out) * std, np.zeros(fan_out)))
    return params
