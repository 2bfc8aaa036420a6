# expect: fail softmax(z) without an axis must use the default axis=-1
# Right for any axis it is given, but its default is the batch axis 0.
def softmax(z, axis=0):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
