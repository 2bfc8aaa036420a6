# expect: fail add the off-diagonal terms -p_a * p_b
# Treats softmax like an element-wise activation: only p * (1 - p) on the diagonal.
def softmax_jacobian(z):
    p = softmax(z, axis=-1)
    k = p.shape[-1]
    return (p * (1.0 - p))[..., :, None] * np.eye(k)
