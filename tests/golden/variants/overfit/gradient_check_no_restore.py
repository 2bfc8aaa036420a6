# expect: fail left params changed
def gradient_check(params, X, Y, grads, eps=1e-6):
    worst = 0.0
    for p, g in zip(params, grads):
        for idx in np.ndindex(p.shape):
            p[idx] += eps
            plus = loss(params, X, Y)
            p[idx] -= 2 * eps
            minus = loss(params, X, Y)
            g_num = (plus - minus) / (2 * eps)
            worst = max(worst, abs(g[idx] - g_num) / max(1e-8, abs(g[idx]) + abs(g_num)))
    return float(worst)
