# expect: fail relu uses Python's max()
def relu(z):
    return max(0.0, np.asarray(z, dtype=float))
