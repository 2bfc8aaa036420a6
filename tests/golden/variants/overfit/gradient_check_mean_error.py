# expect: fail the mean relative error
# Averages the relative errors instead of taking the largest.
def gradient_check(
    params: list[FloatArray],
    X: FloatArray,
    Y: FloatArray,
    grads: list[FloatArray],
    eps: float = 1e-6,
) -> float:
    errors = []
    for p, g in zip(params, grads, strict=True):
        if p.shape != g.shape:
            raise ValueError(f"gradient shape {g.shape} does not match parameter {p.shape}")
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            loss_plus = loss(params, X, Y)
            p[idx] = original - eps
            loss_minus = loss(params, X, Y)
            p[idx] = original
            g_num = (loss_plus - loss_minus) / (2.0 * eps)
            g_ana = float(g[idx])
            rel = abs(g_ana - g_num) / max(1e-8, abs(g_ana) + abs(g_num))
            errors.append(rel)
    return float(np.mean(errors))
