"""The 7.5 suite's diagnoses: the overfit test itself, and the known mistakes of a trainer.

- The overfit test on numbers recomputed from the returned (w, b): accuracy > 95% and a
  loss below log 2, with backwards predictions named.
- Known wrong trainers' weights (no division by n, a frozen bias, steps uphill, an ignored
  or too small lr), and a trainer that ignores its labels.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from types import ModuleType

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis import Mistake
from grader.checks.ex7_5.oracles import LOG2, accuracy, gradient_descent
from grader.checks.ex7_5.probes import trained
from grader.checks.expect import fail
from grader.i18n import N_, _

BIAS_HINT = N_("b never changes: update the bias too (db = sum(dz))")


def gd_mistakes(
    ref: ModuleType, X: np.ndarray, y: np.ndarray, lr: float, steps: int, w_ref: np.ndarray
) -> list[Mistake]:
    """Known wrong trainers' weights for these data and settings."""
    descent = partial(gradient_descent, ref, X, y)
    return [
        Mistake(
            _("the gradient is not divided by n: the loss is a mean, so dz = (p - y) / n"),
            descent(lr, steps, divide=False)[0],
            rtol=1e-4,
        ),
        Mistake(_(BIAS_HINT), descent(lr, steps, update_bias=False)[0], rtol=1e-4),
        Mistake(
            _("steps uphill: the update is w -= lr * gradient, not +="),
            descent(lr, steps, sign=-1.0)[0],
            rtol=1e-4,
        ),
        *(
            [
                Mistake(
                    _(
                        "the trainer ignores its lr argument: w is what lr = 0.2 (the default) "
                        "gives, not lr = {lr:g}; step with the lr passed in"
                    ).format(lr=lr),
                    descent(0.2, steps)[0],
                    rtol=1e-4,
                )
            ]
            if abs(lr - 0.2) > 1e-3
            else []
        ),
        Mistake(
            _(
                "w moved far less than gradient descent with lr={lr:g} does: is the learning "
                "rate used as given (no extra factor, no smaller default)?"
            ).format(lr=lr),
            test=shorter_than(w_ref),
        ),
    ]


def shorter_than(w_ref: np.ndarray) -> Callable[[np.ndarray], bool]:
    """Points the same way as w_ref but is much shorter: a too small learning rate."""

    def test(got: np.ndarray) -> bool:
        short = float(np.linalg.norm(got)) < 0.7 * float(np.linalg.norm(w_ref))
        return short and float(np.sum(got * w_ref)) > 0.0

    return test


def check_fit(
    ref: ModuleType, X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, data: str
) -> None:
    """The overfit test itself, on numbers recomputed from (w, b)."""
    loss_end = ref.bce(y, ref.sigmoid(X @ w + b))
    acc = accuracy(ref, X, y, w, b)
    values = {"data": data, "log2": LOG2, "loss": loss_end, "acc": acc}
    if loss_end >= LOG2 and acc < 0.2:
        fail(
            _(
                "the loss doesn't decrease on {data} (log 2 = {log2:.3f} at w = 0, b = 0, "
                "{loss:.3g} with the returned w, b) and the predictions are backwards "
                "(accuracy {acc:.0%}): check the sign of the update (w -= lr * gradient)"
            ).format(**values)
        )
    if not acc > 0.95:
        fail(
            _(
                "training accuracy is only {acc:.0%} on {data} (needs > 95%; log 2 = "
                "{log2:.3f} at w = 0, b = 0, {loss:.3g} with the returned w, b); the data is "
                "separable, so the trainer must learn from the X and y it is given"
            ).format(**values)
        )
    if not loss_end < LOG2:
        fail(
            _(
                "the loss doesn't decrease on {data} (log 2 = {log2:.3f} at w = 0, b = 0, "
                "{loss:.3g} with the returned w, b): check the sign of the update"
            ).format(**values)
        )


def ignores_labels(
    sub: Student, X: np.ndarray, y: np.ndarray, w: np.ndarray, lr: float, steps: int
) -> None:
    """Fail when flipping every label leaves w as it was: the trainer does not use y.

    From w = 0, b = 0, training on 1 - y gives exactly -w, -b; any trainer that reads y
    changes w. A trainer that ignores X as well (a hard-coded w) is left to check_fit.
    """
    w_flipped, _b, _losses = trained(sub, X, 1.0 - y, lr, steps)
    if not np.allclose(w_flipped, w, rtol=1e-9, atol=1e-12):
        return
    w_mirrored, _b, _losses = trained(sub, -X, y, lr, steps)
    if not np.allclose(w_mirrored, w, rtol=1e-9, atol=1e-12):
        fail(
            _(
                "train_logistic_regression ignores its y: with every label flipped (1 - y) it "
                "returns the same w; the trainer must learn from the X and y it is given"
            )
        )
