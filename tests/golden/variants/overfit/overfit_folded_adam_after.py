# expect: pass
# Correct but different: Adam with the bias corrections folded into the step size, new
# lists instead of in-place updates, and the loss recorded after each update.
import math


def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    m = [0.0 * p for p in params]
    v = [0.0 * p for p in params]
    history = []
    for t in range(1, epochs + 1):
        _, cache = forward(params, X)
        grads = backward(params, cache, Y)
        m = [0.9 * m_i + 0.1 * g for m_i, g in zip(m, grads)]
        v = [0.999 * v_i + 0.001 * g**2 for v_i, g in zip(v, grads)]
        lr_t = lr * math.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        params = [p - lr_t * m_i / (np.sqrt(v_i) + 1e-8) for p, m_i, v_i in zip(params, m, v)]
        history.append(loss(params, X, Y))
    return params, history
