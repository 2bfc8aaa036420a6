"""The data: seeded 2-D binary classification sets, and the mini-batches of each epoch."""

from __future__ import annotations

import math

import numpy as np

from interactive_labs.m07_deep_learning.network import FloatArray, IntArray

DATASETS = ("XOR", "two moons", "circles", "spirals")


# Data sets: n points in the plane, labels 0/1 as a column, seeded, classes balanced.


def make_dataset(
    name: str, n: int = 200, noise: float = 0.1, seed: int = 0
) -> tuple[FloatArray, FloatArray]:
    """A seeded 2-D binary classification data set.

    Args:
        name: one of ``DATASETS``.
        n: number of points (at least 4).
        noise: std of the Gaussian jitter added to every point (for XOR, around each
            corner of the unit square; for the spirals, half of it, their arms are close).
        seed: seed for ``np.random.default_rng``; same seed, same points.
    Returns:
        X: shape (n, 2);  Y: shape (n, 1), 0.0 or 1.0, half of each (±1), rows shuffled.
    Raises:
        ValueError: unknown name or n < 4.
    """
    if n < 4:
        raise ValueError(f"n must be at least 4, got {n}")
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 2).astype(np.float64)
    if name == "XOR":
        # Corners cycle 00, 01, 11, 10 so the labels 0, 1, 0, 1 alternate like the rest.
        corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]])[np.arange(n) % 4]
        X = corners + noise * rng.standard_normal((n, 2))
    elif name in ("two moons", "circles", "spirals"):
        # One angle-like parameter t per point, spread evenly within each class.
        t = (np.arange(n) // 2) / max((n - 1) // 2, 1)
        if name == "two moons":
            angle = math.pi * t
            upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
            lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
            X = np.where(labels[:, None] == 0.0, upper, lower) - np.array([0.5, 0.25])
        elif name == "circles":
            angle = 2.0 * math.pi * t
            radius = np.where(labels == 0.0, 1.0, 0.5)
            X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        else:
            radius = 0.1 + 0.9 * t
            angle = 3.0 * math.pi * t + math.pi * labels
            X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
            noise /= 2.0
        X = X + noise * rng.standard_normal((n, 2))
    else:
        raise ValueError(f"unknown data set {name!r}; pick from {DATASETS}")
    order = rng.permutation(n)
    return X[order], labels[order, None]


def batch_indices(n: int, batch_size: int, seed: int, epoch: int) -> list[IntArray]:
    """The mini-batches of one epoch, the same for both engines.

    Args:
        n: number of points.
        batch_size: points per batch; 0 (or >= n) means one full batch, in order.
        seed, epoch: the shuffle is seeded by both, so any engine can replay any epoch.
    Returns:
        index arrays that together cover range(n) once.
    """
    if batch_size <= 0 or batch_size >= n:
        return [np.arange(n, dtype=np.int64)]
    order = np.random.default_rng([seed, epoch]).permutation(n).astype(np.int64)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]
