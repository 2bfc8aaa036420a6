# expect: fail the exponent needs a minus sign
def sigmoid(z):
    z = np.clip(np.asarray(z, dtype=float), -500, 500)
    return 1.0 / (1.0 + np.exp(z))
