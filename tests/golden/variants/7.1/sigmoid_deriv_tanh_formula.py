# expect: fail that is tanh's formula
# tanh's derivative 1 - s**2 written with the sigmoid: not s * (1 - s), and above 0.25.
def sigmoid_deriv(z):
    s = sigmoid(z)
    return 1.0 - s**2
