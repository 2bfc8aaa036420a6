# expect: fail relu works on a 1-D vector but failed on z of shape
# A loop over entries that only works for a vector: on a batch each entry is a row.
def relu(z):
    return np.array([max(0.0, x) for x in np.asarray(z, dtype=float)])
