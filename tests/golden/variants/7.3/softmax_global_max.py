# expect: fail Subtract each row's own max
# Shifts by the max of the whole batch: rows far below it underflow to 0 / 0.
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)
