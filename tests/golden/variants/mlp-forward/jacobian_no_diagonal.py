# expect: fail it misses the diagonal term
def softmax_jacobian(z):
    p = softmax(z, axis=-1)
    return -np.einsum("...a,...b->...ab", p, p)
