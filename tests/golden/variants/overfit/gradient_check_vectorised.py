# expect: pass
# Correct but different: the numerical gradient of each parameter is filled through a flat
# view, then all relative errors are computed at once.
def gradient_check(params, X, Y, grads, eps=1e-6):
    errors = []
    for p, g in zip(params, grads):
        flat = p.reshape(-1)  # a view: writing into it perturbs p
        g_num = np.empty(flat.size)
        for i in range(flat.size):
            keep = flat[i]
            flat[i] = keep + eps
            plus = loss(params, X, Y)
            flat[i] = keep - eps
            minus = loss(params, X, Y)
            flat[i] = keep
            g_num[i] = (plus - minus) / (2.0 * eps)
        g_flat = np.asarray(g, dtype=float).reshape(-1)
        denom = np.maximum(1e-8, np.abs(g_flat) + np.abs(g_num))
        errors.append(np.abs(g_flat - g_num) / denom)
    return float(np.max(np.concatenate(errors)))
