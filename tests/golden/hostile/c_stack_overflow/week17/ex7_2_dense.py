"""Recursion through C code with the recursion limit lifted: overflows the C stack."""

import sys


class Endless:
    def __getattr__(self, name):
        return getattr(self, name)


def dense_forward(X, W, b):
    sys.setrecursionlimit(10**7)
    return Endless().weights
