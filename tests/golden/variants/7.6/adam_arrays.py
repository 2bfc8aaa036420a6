# expect: pass
# Correct: state kept in NumPy arrays (as for a real parameter vector), float returned.
import numpy as np

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w = np.array([w0], dtype=float)
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        g = 2.0 * (w - 3.0)
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * v + (1.0 - beta2) * g**2
        w = w - lr * (m / (1.0 - beta1**t)) / (np.sqrt(v / (1.0 - beta2**t)) + eps)
    return float(w[0])
