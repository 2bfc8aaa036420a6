"""The overfit suite's oracles: the data sets drawn and the numbers the student's results
are compared with.

- The random data sets overfit must memorise (8-16 points, at least 0.3 apart, random
  labels) and the loss it must reach, TARGET.
- gradient_check's problems: parameters and data whose exact gradients (the reference's
  backward) all exceed 1e-3 in magnitude, those gradients corrupted in known ways, and every
  entry's relative error against central differences of the reference loss.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks.diagnosis.finite_differences import numerical_gradients
from grader.i18n import _

Params = list[np.ndarray]
TARGET = 0.01
NAMES = ("W1", "b1", "W2", "b2")


def random_data(rng: np.random.Generator, d_out: int) -> tuple[np.ndarray, np.ndarray]:
    """8-16 points in 2-4 dimensions, at least 0.3 apart, with random 0/1 labels."""
    n, d = int(rng.integers(8, 17)), int(rng.integers(2, 5))
    X = rng.standard_normal((n, d))
    for _draw in range(100):
        gaps = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1) + np.eye(n) * 1e9
        if gaps.min() >= 0.3:
            break
        X = rng.standard_normal((n, d))
    Y = (rng.random((n, d_out)) < 0.5).astype(np.float64)
    Y[0], Y[1] = 0.0, 1.0  # both classes in every output
    return X, Y


def grad_problem(
    ref: ModuleType, rng: np.random.Generator
) -> tuple[Params, np.ndarray, np.ndarray, Params]:
    """Params (nonzero biases), data, and exact gradients whose entries all exceed 1e-3."""
    d, hidden = int(rng.integers(2, 5)), int(rng.integers(3, 7))
    d_out, n = int(rng.integers(1, 3)), int(rng.integers(5, 11))
    for _draw in range(40):
        params = ref.init_params(d, hidden, d_out, int(rng.integers(1000)))
        params = [p * 1.5 if p.ndim == 2 else rng.standard_normal(p.shape) * 0.5 for p in params]
        X = rng.standard_normal((n, d))
        Y = (rng.random((n, d_out)) < 0.5).astype(np.float64)
        grads = exact_grads(ref, params, X, Y)
        if min(float(np.min(np.abs(g))) for g in grads) > 1e-3:
            break
    return params, X, Y, grads


def exact_grads(ref: ModuleType, params: Params, X: np.ndarray, Y: np.ndarray) -> Params:
    """The reference backward's gradients, one per parameter and shaped like it."""
    _out, cache = ref.forward(params, X)
    grads: Params = ref.backward(params, cache, Y)
    return grads


def relative_errors(
    ref: ModuleType, params: Params, X: np.ndarray, Y: np.ndarray, grads: Params, eps: float
) -> np.ndarray:
    """Every entry's relative error against central differences of loss on (X, Y).

    Returns a 1-D array, the parameters' entries in order (each in C order):
    |g - g_num| / max(1e-8, |g| + |g_num|).
    """
    numerical = numerical_gradients(lambda p: float(ref.loss(p, X, Y)), params, h=eps)
    errors = [
        np.abs(g - g_num) / np.maximum(1e-8, np.abs(g) + np.abs(g_num))
        for g, g_num in zip(grads, numerical, strict=True)
    ]
    return np.concatenate([e.ravel() for e in errors])


def corruptions(rng: np.random.Generator, grads: Params, n: int) -> list[tuple[str, Params]]:
    """Wrong gradients: all n times too large, one entry off, two entries swapped."""
    scaled = [g * n for g in grads]
    nudged = [g.copy() for g in grads]
    which = int(rng.integers(4))
    index = tuple(int(rng.integers(s)) for s in nudged[which].shape)
    size = float(np.sqrt(sum(float(np.sum(g * g)) for g in grads)))
    nudged[which][index] += size * rng.choice([-1.0, 1.0])
    swapped = [g.copy() for g in grads]
    big = max((0, 2), key=lambda i: float(np.sum(grads[i] ** 2)))
    flat = swapped[big].reshape(-1)
    hi, lo = int(np.argmax(flat)), int(np.argmin(flat))
    flat[hi], flat[lo] = flat[lo], flat[hi]
    return [
        (_("every entry {n} times too large").format(n=n), scaled),
        (_("one entry of {name} off").format(name=f"d{NAMES[which]}"), nudged),
        (_("two entries of {name} swapped").format(name=f"d{NAMES[big]}"), swapped),
    ]
