# expect: fail num_derivative works on a 1-D vector but failed on z of shape
# One entry at a time into a vector of len(z): a 2-D z puts a whole row in one slot.
def num_derivative(f, z, h=1e-6):
    z = np.asarray(z, dtype=float)
    out = np.zeros(len(z))
    for i in range(len(z)):
        out[i] = (f(z[i] + h) - f(z[i] - h)) / (2 * h)
    return out
