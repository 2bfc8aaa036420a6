# expect: fail relu returned shape
# Loops over every entry of z, but forgets to give the result z's shape back.
def relu(z):
    return np.array([x if x > 0 else 0.0 for x in np.ravel(z)])
