# expect: fail the step counter t must start at 1
# NumPy floats: the same division gives inf/inf = nan (with a warning) instead of raising.
import numpy as np

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = np.float64(w0), np.float64(0.0), np.float64(0.0)
    for t in range(steps):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / np.float64(1 - beta1**t)
        v_hat = v / np.float64(1 - beta2**t)
        w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return float(w)
