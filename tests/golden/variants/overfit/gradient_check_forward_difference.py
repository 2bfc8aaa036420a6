# expect: fail it looks like forward differences
def gradient_check(params, X, Y, grads, eps=1e-6):
    base = loss(params, X, Y)
    worst = 0.0
    for p, g in zip(params, grads):
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            g_num = (loss(params, X, Y) - base) / eps
            p[idx] = original
            worst = max(worst, abs(g[idx] - g_num) / max(1e-8, abs(g[idx]) + abs(g_num)))
    return float(worst)
