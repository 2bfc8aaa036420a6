"""The 7.5 suite's oracles: the data sets drawn and the numbers expected of a trainer.

- Two unit-variance blobs along directions the visible example never uses (the other
  diagonal, a random direction in 3-D, off the origin so the bias matters), redrawn when
  asked until the reference trained with the check's (lr, steps) fits them.
- Training accuracy with the reference sigmoid, and full-batch gradient descent from
  w = 0, b = 0, optionally with a known mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType

import numpy as np

LOG2 = math.log(2.0)
# Accepts a data set (X (n, d), y (n, 1)) or asks for another draw.
Accept = Callable[[np.ndarray, np.ndarray], bool]


def blobs(
    rng: np.random.Generator,
    n: int,
    direction: np.ndarray,
    offset: np.ndarray,
    accept: Accept | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two unit-variance blobs at offset +/- direction, shuffled; labels (n, 1) in {0, 1}.

    With `accept` (see `reference_fits`), redrawn until it accepts the data (20 draws at
    most), so a correct trainer (which follows the reference's deterministic path) always
    passes the overfit test on them.
    """
    d = direction.shape[0]
    for _draw in range(20):
        y = np.zeros((n, 1))
        y[: n // 2] = 1.0
        X = rng.standard_normal((n, d)) + offset + np.where(y > 0, 1.0, -1.0) * direction
        order = rng.permutation(n)
        X, y = X[order], y[order]
        if accept is None or accept(X, y):
            break
    return X, y


def reference_fits(ref: ModuleType, lr: float, steps: int, X: np.ndarray, y: np.ndarray) -> bool:
    """Does the reference, trained with exactly (lr, steps), reach 100% training accuracy?"""
    w, b, _losses = ref.train_logistic_regression(X, y, lr, steps)
    return accuracy(ref, X, y, w, b) == 1.0


def anti_diagonal(
    rng: np.random.Generator, accept: Accept | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Blobs at (+2, -2) and (-2, +2): separated along the other diagonal than the seed's."""
    return blobs(rng, 2 * int(rng.integers(6, 13)), np.array([2.0, -2.0]), np.zeros(2), accept)


def three_d(
    rng: np.random.Generator, accept: Accept | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """3-D blobs along a random direction, off the origin so the bias matters."""
    u = rng.standard_normal(3)
    direction = 3.0 * u / np.linalg.norm(u)
    offset = rng.uniform(-1.0, 1.0, 3)
    return blobs(rng, 2 * int(rng.integers(8, 16)), direction, offset, accept)


def accuracy(ref: ModuleType, X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Training accuracy of (w (d, 1), b) on X (n, d), y (n, 1), with the reference sigmoid."""
    p = ref.sigmoid(X @ w + b)
    return float(np.mean((p >= 0.5) == (y >= 0.5)))


def gradient_descent(
    ref: ModuleType,
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    divide: bool = True,
    update_bias: bool = True,
    sign: float = 1.0,
) -> tuple[np.ndarray, float]:
    """The reference loop, optionally with a known mistake (for diagnoses)."""
    n, d = X.shape
    w, b = np.zeros((d, 1)), 0.0
    for _step in range(steps):
        dz = ref.sigmoid(X @ w + b) - y
        if divide:
            dz = dz / n
        w = w - sign * lr * (X.T @ dz)
        if update_bias:
            b -= sign * lr * float(np.sum(dz))
    return w, b
