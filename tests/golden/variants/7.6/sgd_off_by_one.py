# expect: fail steps instead of
def sgd(w0, lr, steps):
    w = float(w0)
    for _ in range(steps + 1):
        w -= lr * grad_f(w)
    return w
