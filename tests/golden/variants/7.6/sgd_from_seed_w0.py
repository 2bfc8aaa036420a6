# expect: fail sgd starts from 10 instead of w0
# Starts from the seed's w = 10.0 whatever w0 is passed.
def sgd(w0, lr, steps):
    w = 10.0
    for _ in range(steps):
        w -= lr * grad_f(w)
    return w
