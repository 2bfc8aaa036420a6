"""The finite-difference oracle: a gradient measured from the loss alone.

A backward pass is judged against two things: the reference's gradients (which pin the
last digits) and central differences of the reference loss (which need no backward code
at all, so a mistake shared by the reference and the check cannot hide).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

Loss = Callable[[list[np.ndarray]], float]


def numerical_gradients(
    loss: Loss, params: Sequence[np.ndarray], h: float = 1e-6
) -> list[np.ndarray]:
    """Central differences (L(p + h) - L(p - h)) / 2h of `loss`, one entry at a time.

    Args:
        loss: the scalar loss of a list of parameter arrays (same order and shapes as
            `params`). It receives working copies that change between calls, so it must
            not keep them.
        params: the arrays to differentiate at, any shapes; left unchanged.
        h: the step. 1e-6 gives ~1e-9 accuracy for a smooth float64 loss; keep the point
            away from kinks (ReLU at 0, a clipped probability) or the estimate is wrong there.

    Returns:
        One array per parameter, shaped like it: the estimated dL/dparam.
    """
    work = [np.array(p, dtype=np.float64) for p in params]
    grads: list[np.ndarray] = []
    for param in work:
        grad = np.zeros_like(param)
        for position in np.ndindex(param.shape):
            original = float(param[position])
            param[position] = original + h
            plus = float(loss(work))
            param[position] = original - h
            minus = float(loss(work))
            param[position] = original
            grad[position] = (plus - minus) / (2.0 * h)
        grads.append(grad)
    return grads


def agrees(got: np.ndarray, numerical: np.ndarray, rtol: float = 1e-4, atol: float = 1e-7) -> bool:
    """Whether an analytic gradient matches a central-difference one (same shape).

    The default tolerances allow the O(h^2) truncation and rounding of the estimate.
    """
    return got.shape == numerical.shape and bool(np.allclose(got, numerical, rtol=rtol, atol=atol))
