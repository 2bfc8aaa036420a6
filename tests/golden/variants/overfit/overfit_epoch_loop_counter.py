# expect: pass
# Correct but different: Adam state in a dict, a while loop with its own counter, and
# the network sized from np.shape of the inputs.
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(np.shape(X)[1], hidden, np.shape(Y)[1], seed)
    state = {"m": [np.zeros_like(p) for p in params], "v": [np.zeros_like(p) for p in params]}
    history = []
    t = 0
    while t < epochs:
        t += 1
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        for i, g in enumerate(backward(params, cache, Y)):
            state["m"][i] = 0.9 * state["m"][i] + 0.1 * g
            state["v"][i] = 0.999 * state["v"][i] + 0.001 * g * g
            m_hat = state["m"][i] / (1.0 - 0.9**t)
            v_hat = state["v"][i] / (1.0 - 0.999**t)
            params[i] -= lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    return params, history
