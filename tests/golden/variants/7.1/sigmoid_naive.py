# expect: fail overflowed inside exp
# The textbook formula with no clipping: exp(1000) = inf, so 1 / (1 + inf) = 0 is right
# only by luck, with an overflow warning on the way.
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    return 1.0 / (1.0 + np.exp(-z))
