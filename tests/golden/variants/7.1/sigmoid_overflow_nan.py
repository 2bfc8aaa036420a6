# expect: fail Clip z to [-500, 500]
# Seed's common mistake: no clipping in sigmoid; exp(1000) = inf and inf / inf = nan.
def sigmoid(z):
    e = np.exp(np.asarray(z, dtype=float))
    return e / (1.0 + e)
