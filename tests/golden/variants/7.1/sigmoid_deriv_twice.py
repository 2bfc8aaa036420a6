# expect: fail applies the sigmoid twice
def sigmoid_deriv(z):
    a = sigmoid(z)
    s = sigmoid(a)
    return s * (1.0 - s)
