# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.3: numerically stable log-sum-exp and softmax, and categorical cross-entropy.

Adding a constant c to every logit leaves softmax unchanged and shifts log-sum-exp by
exactly c. Choosing c = -max(z) means the largest exponent is exp(0) = 1, so nothing
overflows however large the logits are.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def logsumexp(z: npt.ArrayLike, axis: int = -1, keepdims: bool = False) -> FloatArray:
    """log(sum(exp(z))) along one axis, without overflow.

    Args:
        z: logits, any shape with at least one dimension.
        axis: the axis to reduce.
        keepdims: keep the reduced axis with length 1 (handy for broadcasting back).
    Returns:
        ``z``'s shape without ``axis`` (or with length 1 there when ``keepdims``).

    Common mistake: np.log(np.sum(np.exp(z))) directly, which gives inf for a logit of
    1000 even though the answer is about 1000; or shifting by the max of the whole array
    instead of the max along ``axis``, so a slice far below it underflows to log(0).
    """
    # TODO(student): pull the max out of the sum, exponentiate the shifted logits, add it back.
    raise NotImplementedError("logsumexp")


def softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    """Softmax along one axis: exp(z) / sum(exp(z)), computed stably.

    Args:
        z: logits, any shape, e.g. (n, k) for a batch of n examples with k classes.
        axis: the class axis.
    Returns:
        probabilities, same shape as ``z``, summing to 1 along ``axis``.

    Common mistake: exponentiating the raw logits (overflow to inf, then inf / inf = nan).
    """
    # TODO(student): subtract the max along the axis, exponentiate, divide by the sum.
    raise NotImplementedError("softmax")


def categorical_cross_entropy(
    y_true: npt.ArrayLike, y_pred: npt.ArrayLike, eps: float = 1e-15
) -> float:
    """Mean over the batch of -sum_k y_true[k] * log(y_pred[k]).

    Args:
        y_true: one-hot (or soft) targets, shape (n, k).
        y_pred: predicted probabilities, shape (n, k), rows summing to 1.
        eps: lower bound applied to y_pred before the log.
    Returns:
        the loss as a Python float (>= 0).

    Common mistake: taking log(0) when a predicted probability underflows to zero; adding
    a constant inside the log, log(y_pred + 1e-7), instead of clipping with ``eps``; picking
    log(y_pred) at argmax(y_true) only, which is wrong for soft targets; or using the binary
    cross-entropy formula (with its (1 - y) log(1 - p) term) here.
    """
    # TODO(student): clip the probabilities, sum over classes, average over the batch.
    raise NotImplementedError("categorical_cross_entropy")
