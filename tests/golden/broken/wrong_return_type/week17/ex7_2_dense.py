def dense_forward(X, W, b):
    return (x for x in range(3))
