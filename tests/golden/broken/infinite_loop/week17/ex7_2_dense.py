def dense_forward(X, W, b):
    while True:
        pass
