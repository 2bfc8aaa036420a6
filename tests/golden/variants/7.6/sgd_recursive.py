# expect: pass
# Correct: one step, then recurse on the rest.
def sgd(w0, lr, steps):
    if steps == 0:
        return float(w0)
    return sgd(w0 - lr * grad_f(w0), lr, steps - 1)
