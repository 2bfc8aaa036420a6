# expect: fail the default beta1 must be 0.9
# Another default in the signature (beta1=0.99); the arguments are used as passed.
import math

def adam(w0, lr, steps, beta1=0.99, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= lr * (m / (1 - beta1**t)) / (math.sqrt(v / (1 - beta2**t)) + eps)
    return w
