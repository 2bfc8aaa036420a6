# expect: pass
# The classic equivalent form (Kingma & Ba, section 2): the bias corrections folded into
# the step size. Its eps sits in a slightly different place; the difference is < 1e-6.
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        lr_t = lr * math.sqrt(1 - beta2**t) / (1 - beta1**t)
        w -= lr_t * m / (math.sqrt(v) + eps)
    return w
