# expect: fail use z > 0, not z >= 0
def relu_deriv(z):
    return (np.asarray(z) >= 0).astype(float)
