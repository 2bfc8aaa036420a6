# expect: fail the step counter t must start at 1
# Python floats: 1 - beta1**0 == 0 raises ZeroDivisionError.
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(steps):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        w -= lr * m_hat / (math.sqrt(v_hat) + eps)
    return w
