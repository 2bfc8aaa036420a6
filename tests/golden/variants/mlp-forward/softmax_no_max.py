# expect: fail softmax returned nan for logits of 1000
# The plain definition from a first softmax-regression lesson: no shift by the max.
def softmax(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=axis, keepdims=True)
