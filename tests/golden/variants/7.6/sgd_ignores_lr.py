# expect: fail sgd ignores its lr argument
# The seed's learning rate 0.1 is written into the update.
def sgd(w0, lr, steps):
    w = float(w0)
    for _ in range(steps):
        w -= 0.1 * grad_f(w)
    return w
