"""Patches builtins that the child's own code relies on: the child breaks, nothing passes."""

import builtins

builtins.isinstance = lambda *a: True
builtins.len = lambda *a: 4
builtins.type = lambda *a: dict


def dense_forward(X, W, b):
    return X @ W + b
