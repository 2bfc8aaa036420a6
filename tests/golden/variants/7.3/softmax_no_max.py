# expect: fail softmax returned nan for logits of 1000; subtract the max first
# Seed's common mistake: exp of large logits without subtracting the max.
def softmax(z, axis=-1):
    e = np.exp(np.asarray(z, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)
