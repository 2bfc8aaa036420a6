# expect: pass
# Correct, written with einsum and an explicit bias row.
def dense_forward(X, W, b):
    return np.einsum("ni,io->no", X, W) + b[np.newaxis, :]
