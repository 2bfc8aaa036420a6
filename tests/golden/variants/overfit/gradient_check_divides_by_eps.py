# expect: fail divides by 2 * eps, not eps
def gradient_check(params, X, Y, grads, eps=1e-6):
    worst = 0.0
    for p, g in zip(params, grads):
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            plus = loss(params, X, Y)
            p[idx] = original - eps
            minus = loss(params, X, Y)
            p[idx] = original
            g_num = (plus - minus) / eps
            worst = max(worst, abs(g[idx] - g_num) / max(1e-8, abs(g[idx]) + abs(g_num)))
    return float(worst)
