# expect: fail sgd steps uphill (gradient ascent)
# The reference's common mistake: stepping along +grad.
def sgd(w0, lr, steps):
    w = float(w0)
    for _ in range(steps):
        w += lr * grad_f(w)
    return w
