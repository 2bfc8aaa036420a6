# expect: fail adam ignores its beta1/beta2 arguments
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    b1, b2 = 0.9, 0.999
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w -= lr * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + eps)
    return w
