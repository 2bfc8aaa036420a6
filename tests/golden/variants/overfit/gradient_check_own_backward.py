# expect: fail gradient_check returned a small error
# Checks the given backward against finite differences, ignoring the grads it was passed.
def gradient_check(params, X, Y, grads, eps=1e-6):
    _, cache = forward(params, X)
    exact = backward(params, cache, Y)
    worst = 0.0
    for p, g in zip(params, exact):
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            plus = loss(params, X, Y)
            p[idx] = original - eps
            minus = loss(params, X, Y)
            p[idx] = original
            g_num = (plus - minus) / (2 * eps)
            worst = max(worst, abs(g[idx] - g_num) / max(1e-8, abs(g[idx]) + abs(g_num)))
    return float(worst)
