# expect: fail clipped each element separately (np.clip); that changes the direction
# The sequence-model assignment's form: clip every entry into [-max, max], writing into
# the gradient itself (out=), so the caller's array changes too.
def clip_by_norm(g, max_norm):
    np.clip(g, -max_norm, max_norm, out=g)
    return g
