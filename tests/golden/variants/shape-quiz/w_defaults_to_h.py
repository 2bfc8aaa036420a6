# expect: fail an argument left out takes its default, w=28
# "Square unless told otherwise": w defaults to h, so lenet_shapes(h=20) is 20x20, not 20x28.
_lenet_shapes = lenet_shapes


def lenet_shapes(n=1, h=28, w=None):
    return _lenet_shapes(n, h, h if w is None else w)
