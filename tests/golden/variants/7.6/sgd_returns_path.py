# expect: fail sgd returned a list; it must return only the final w
# Returns every iterate (handy for plotting) instead of the final w.
def sgd(w0, lr, steps):
    path = [float(w0)]
    for _ in range(steps):
        path.append(path[-1] - lr * grad_f(path[-1]))
    return path
