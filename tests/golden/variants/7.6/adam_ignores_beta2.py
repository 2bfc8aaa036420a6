# expect: fail adam ignores its beta2 argument
# Uses beta1 as given but 0.999 for the second moment.
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = 0.999 * v + (1 - 0.999) * g * g
        w -= lr * (m / (1 - beta1**t)) / (math.sqrt(v / (1 - 0.999**t)) + eps)
    return w
