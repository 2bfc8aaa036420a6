# expect: pass
# Correct but different: the naive formula with the overflow silenced on purpose; 1/(1+inf)
# is exactly 0, and the warning is suppressed where it is known to be harmless.
def sigmoid(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-z))
