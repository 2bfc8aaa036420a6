# expect: fail uses W.T; W is already stored as (d_in, d_out)
def dense_forward(X, W, b):
    return X @ W.T + b
