import numpy as np


def dense_forward(X, W, b)
    return X @ W + b
