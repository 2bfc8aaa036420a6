"""The 7.5 suite's probes: calling the student's make_separable_data and
train_logistic_regression, and checking the form of what they return.

- The trainer's (w, b, losses): w a (d, 1) column, b a number, both finite; one that only
  runs on the seed's two features is named; the losses one per step.
- make_separable_data's (X, y): n points in 2-D, (n, 1) labels in {0, 1}, n // 2 of them
  positive; its defaults n = 16, seed = 1.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.expect import array, fail, number, number_list, sequence
from grader.i18n import _
from grader.isolation.runner import StudentFailure


def trained(
    sub: Student, X: np.ndarray, y: np.ndarray, *args: Any
) -> tuple[np.ndarray, float, Any]:
    """Call the trainer; return (w, b, losses) with w checked as a (d, 1) array, b a number."""
    d = X.shape[1]
    try:
        got = sub.call("train_logistic_regression", X, y, *args)
    except StudentFailure as failure:
        if not failure.fatal and d != 2 and works_on_two_features(sub, X, y, *args):
            fail(
                _(
                    "train_logistic_regression fails on X with {d} columns ({error}) but runs "
                    "on its first 2: X has shape (n, d); size w from X.shape[1], "
                    "w = np.zeros((d, 1))"
                ).format(d=d, error=failure.describe())
            )
        raise
    w, b, losses = sequence(got, "train_logistic_regression", 3)
    if isinstance(w, np.ndarray) and w.shape == (d,):
        fail(
            _(
                "train_logistic_regression returned w of shape ({d},); return it as a column "
                "of shape (d, 1) = ({d}, 1)"
            ).format(d=d)
        )
    w_array = array(w, _("train_logistic_regression's w"), (d, 1))
    b_value = number(b, _("train_logistic_regression's b"))
    if not np.all(np.isfinite(w_array)) or not math.isfinite(b_value):
        fail(_("train_logistic_regression returned nan or inf in w or b: the updates blew up"))
    return w_array, b_value, losses


def works_on_two_features(sub: Student, X: np.ndarray, y: np.ndarray, *args: Any) -> bool:
    """Does the trainer run on X's first two columns (it only handles the seed's d = 2)?"""
    try:
        sub.call("train_logistic_regression", X[:, :2].copy(), y, *args)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return False
    return True


def loss_history(losses: Any, steps: int, default: bool = False) -> np.ndarray:
    """The returned losses as numbers, one per step; a length that ignores steps is named."""
    if isinstance(losses, list | tuple | np.ndarray) and len(losses) != steps:
        if default:
            fail(
                _(
                    "train_logistic_regression's losses has {count} entries when steps is not "
                    "passed: the default steps is {steps}"
                ).format(count=len(losses), steps=steps)
            )
        if len(losses) == 400:
            fail(
                _(
                    "train_logistic_regression's losses has 400 entries for steps={steps}: the "
                    "trainer ignores its steps argument (it always runs the default 400); loop "
                    "`steps` times"
                ).format(steps=steps)
            )
    return number_list(losses, _("train_logistic_regression's losses"), steps)


def data(sub: Student, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Call make_separable_data(n, seed); check shapes, labels and balance."""
    X, y = sequence(sub.call("make_separable_data", n, seed), "make_separable_data", 2)
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[0] != n:
        fail(
            _(
                "make_separable_data({n}, seed={seed}) returned {count} points; it must return "
                "n = {n} (the n passed in, n // 2 in each blob)"
            ).format(n=n, seed=seed, count=X.shape[0])
        )
    X_array = array(X, _("make_separable_data's X"), (n, 2))
    if isinstance(y, np.ndarray) and y.shape == (n,):
        fail(
            _(
                "make_separable_data returned y of shape ({n},); return labels of shape "
                "(n, 1) = ({n}, 1), or they broadcast against (n, 1) predictions into (n, n)"
            ).format(n=n)
        )
    y_array = array(y, _("make_separable_data's y"), (n, 1))
    if not np.all(np.isfinite(X_array)):
        fail(_("make_separable_data returned nan or inf in X"))
    labels = set(np.unique(y_array).tolist())
    if not labels <= {0.0, 1.0}:
        shown = ", ".join(f"{v:g}" for v in sorted(labels)[:4])
        fail(
            _("labels must be 0 and 1 (BCE targets); make_separable_data returned {labels}").format(
                labels=shown
            )
        )
    ones = int(np.sum(y_array))
    if ones != n // 2:
        fail(
            _(
                "make_separable_data({n}, ...) has {ones} positive labels; the first n // 2 = "
                "{half} rows are the positive blob and the rest are 0"
            ).format(n=n, ones=ones, half=n // 2)
        )
    return X_array, y_array


def default_data(sub: Student) -> None:
    """make_separable_data() must be make_separable_data(16, seed=1), the same numbers."""
    what = "make_separable_data()"
    X, y = sequence(sub.call("make_separable_data"), what, 2)
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[0] != 16:
        fail(
            _("make_separable_data() returned {count} points: the default n is 16").format(
                count=X.shape[0]
            )
        )
    X_default = array(X, _("make_separable_data()'s X"), (16, 2))
    y_default = array(y, _("make_separable_data()'s y"), (16, 1))
    X_given, y_given = data(sub, 16, 1)
    if not (np.array_equal(X_default, X_given) and np.array_equal(y_default, y_given)):
        fail(_("make_separable_data() differs from make_separable_data(16, seed=1): the default "
               "seed is 1"))  # fmt: skip
