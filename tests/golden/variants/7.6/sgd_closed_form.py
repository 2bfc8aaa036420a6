# expect: pass
# Correct: on this quadratic each step multiplies the distance to 3 by (1 - 2 lr).
def sgd(w0, lr, steps):
    return 3.0 + (w0 - 3.0) * (1.0 - 2.0 * lr) ** steps
