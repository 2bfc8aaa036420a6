# expect: fail gradient_check returned a small error
def gradient_check(params, X, Y, grads, eps=1e-6):
    return 0.0
