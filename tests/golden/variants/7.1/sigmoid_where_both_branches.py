# expect: fail overflowed inside exp
# np.where evaluates both branches for every z, so exp(z) of the "unused" branch still
# overflows for z = 1000 (the values are right, the warning is the mistake).
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, 1.0 / (1.0 + np.exp(-z)), np.exp(z) / (1.0 + np.exp(z)))
