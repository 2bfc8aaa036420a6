# expect: fail returned the initial parameters
# `p = p - ...` rebinds the loop variable: the list returned never changes.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    history = []
    for t in range(1, epochs + 1):
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        for p, g, m_i, v_i in zip(params, backward(params, cache, Y), m, v):
            m_i[...] = 0.9 * m_i + 0.1 * g
            v_i[...] = 0.999 * v_i + 0.001 * g * g
            p = p - lr * (m_i / (1 - 0.9**t)) / (np.sqrt(v_i / (1 - 0.999**t)) + 1e-8)
    return params, history
