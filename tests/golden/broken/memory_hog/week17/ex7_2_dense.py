import numpy as np


def dense_forward(X, W, b):
    hog = []
    while True:
        hog.append(np.ones(50_000_000))
