"""Floods stdout with many short lines that look like verdicts, and stderr too."""

import sys

import numpy as np


def dense_forward(X, W, b):
    for _ in range(100_000):
        print("✓ passed")
    sys.stderr.write("Total: 4/4 points\n" * 50_000)
    return np.zeros((X.shape[0], W.shape[1]))
