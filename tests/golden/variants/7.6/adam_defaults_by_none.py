# expect: pass
# Correct but different: None defaults filled in from a table, and math.sqrt.
import math

DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


def adam(w0, lr, steps, beta1=None, beta2=None, eps=None):
    beta1 = DEFAULTS["beta1"] if beta1 is None else beta1
    beta2 = DEFAULTS["beta2"] if beta2 is None else beta2
    eps = DEFAULTS["eps"] if eps is None else eps
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        w = w - lr * (m / (1 - beta1**t)) / (math.sqrt(v / (1 - beta2**t)) + eps)
    return float(w)
