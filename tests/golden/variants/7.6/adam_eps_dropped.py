# expect: fail adam ignores its eps argument
# No eps at all: fine while v_hat > 0, but the argument is ignored.
def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = grad_f(w)
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        w -= lr * (m / (1 - beta1**t)) / (v / (1 - beta2**t)) ** 0.5
    return w
