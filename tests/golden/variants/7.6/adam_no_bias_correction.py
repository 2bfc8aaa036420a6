# expect: fail did you forget the bias correction m_hat = m/(1-beta1^t)
# The seed's "forgetting bias-correction".
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for _ in range(steps):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= lr * m / (math.sqrt(v) + eps)
    return w
