# expect: fail overflows once |z| > 710; use np.tanh(z)
def tanh(z):
    z = np.asarray(z, dtype=float)
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
