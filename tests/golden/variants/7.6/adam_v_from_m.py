# expect: fail Adam's v decays from m instead of from v
# A slip of one letter: the second moment's running average starts from m (once m turns
# negative, so can v, and its square root is nan).
import numpy as np


def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * m + (1 - beta2) * g * g
        with np.errstate(invalid="ignore"):
            w -= lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps)
    return float(w)
