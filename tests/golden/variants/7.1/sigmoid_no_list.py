# expect: fail the docstring accepts lists
# Works on arrays only: unary minus on a list raises TypeError.
def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
