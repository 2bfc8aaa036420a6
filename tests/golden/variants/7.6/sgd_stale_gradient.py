# expect: fail sgd reuses the gradient at w0 for every step
# The reference's common mistake: the gradient is computed once, at w0.
def sgd(w0, lr, steps):
    w = float(w0)
    g = grad_f(w0)
    for _ in range(steps):
        w -= lr * g
    return w
