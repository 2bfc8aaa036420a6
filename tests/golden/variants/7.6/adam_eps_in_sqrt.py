# expect: fail eps is inside the square root
# eps inside the square root. With the default eps = 1e-8 it changes nothing visible, but
# with a large eps (as adam_eps passes near w = 3) the step is far too short.
import numpy as np

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= lr * (m / (1 - beta1**t)) / np.sqrt(v / (1 - beta2**t) + eps)
    return w
