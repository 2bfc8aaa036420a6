"""Recursion without a base case."""


def dense_forward(X, W, b):
    return dense_forward(X, W, b)
