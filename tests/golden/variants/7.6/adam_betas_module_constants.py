# expect: fail adam ignores its beta1/beta2 arguments
# The make_class mistake written another way: module constants used instead of the arguments.
import math

BETA1, BETA2 = 0.9, 0.999


def adam(w0, lr, steps, beta1=BETA1, beta2=BETA2, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = BETA1 * m + (1 - BETA1) * g
        v = BETA2 * v + (1 - BETA2) * g * g
        w -= lr * (m / (1 - BETA1**t)) / (math.sqrt(v / (1 - BETA2**t)) + eps)
    return w
