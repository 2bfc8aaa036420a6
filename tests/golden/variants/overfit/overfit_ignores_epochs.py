# expect: fail overfit ignores its epochs argument
# Always the default 3000 updates.
def overfit(
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    hidden: int = 8,
    epochs: int = 3000,
    lr: float = 0.05,
    seed: int = 0,
) -> tuple[list[FloatArray], list[float]]:
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    history: list[float] = []
    for t in range(1, 3001):
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        grads = backward(params, cache, Y)
        for p, g, m_i, v_i in zip(params, grads, m, v, strict=True):
            m_i *= beta1
            m_i += (1.0 - beta1) * g
            v_i *= beta2
            v_i += (1.0 - beta2) * g * g
            m_hat = m_i / (1.0 - beta1**t)
            v_hat = v_i / (1.0 - beta2**t)
            p -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return params, history
