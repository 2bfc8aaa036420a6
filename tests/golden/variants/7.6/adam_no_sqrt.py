# expect: fail Adam divides by v_hat + eps without the square root
def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g**2
        m_hat, v_hat = m / (1 - beta1**t), v / (1 - beta2**t)
        w -= lr * m_hat / (v_hat + eps)
    return w
