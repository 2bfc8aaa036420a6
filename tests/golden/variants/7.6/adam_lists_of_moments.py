# expect: pass
# Correct but different: the moments kept in a dict, powers of the betas accumulated
# instead of recomputed, and the square root through math.sqrt with eps outside it.
import math

def adam(w0, lr, steps, beta1=0.9, beta2=0.999, eps=1e-8):
    w = float(w0)
    state = {"m": 0.0, "v": 0.0, "b1t": 1.0, "b2t": 1.0}
    for _ in range(steps):
        g = grad_f(w)
        state["m"] = beta1 * state["m"] + (1 - beta1) * g
        state["v"] = beta2 * state["v"] + (1 - beta2) * g * g
        state["b1t"] *= beta1
        state["b2t"] *= beta2
        m_hat = state["m"] / (1 - state["b1t"])
        v_hat = state["v"] / (1 - state["b2t"])
        w = w - lr * m_hat / (math.sqrt(v_hat) + eps)
    return w
