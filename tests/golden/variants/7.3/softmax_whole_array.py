# expect: fail it normalises over the whole array
# A softmax written for one vector: the max and the sum are over every entry, so a batch
# comes back with only its grand total equal to 1.
def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    shifted = np.exp(z - np.max(z))
    return shifted / np.sum(shifted)
