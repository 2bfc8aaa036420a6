# expect: fail with Y as given, of shape (n, d_out)
# Flattens the targets "to be safe": Y of shape (n,) broadcasts against P in the loss.
def gradient_check(
    params: list[FloatArray],
    X: FloatArray,
    Y: FloatArray,
    grads: list[FloatArray],
    eps: float = 1e-6,
) -> float:
    Y = np.ravel(Y)
    worst = 0.0
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
            worst = max(worst, rel)
    return worst
