"""The overfit suite's probes: calling the student's overfit and gradient_check in particular
ways.

- overfit's (params, history) as arrays and numbers; its first update from init_params for a
  given lr (0 or 1 epoch per call, so these probes are cheap).
- gradient_check on copies of the params and gradients, failing when the params list comes
  back changed or the result is not a finite number >= 0.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student
from grader.checks.expect import array, fail, number, number_list, sequence
from grader.checks.overfit.oracles import NAMES, Params
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure


def history_label(what: str) -> str:
    """How feedback names the history a call of overfit returned."""
    return _("{what}: the history").format(what=what)


def overfit_params(
    sub: Student, what: str, X: np.ndarray, Y: np.ndarray, *args: object, **kwargs: object
) -> tuple[Params, np.ndarray]:
    """overfit's (params, history), as arrays of any shape and a list of numbers."""
    params, history = sequence(sub.call("overfit", X, Y, *args, **kwargs), what, 2)
    items = sequence(params, f"{what}: params", 4)
    return [array(item, f"{what}: {NAMES[i]}") for i, item in enumerate(items)], number_list(
        history, history_label(what)
    )


IGNORES_EPOCHS = N_(
    "{what} returned a history of {count} losses: overfit ignores its epochs argument; run "
    "exactly `epochs` updates"
)


def first_update(
    ref: ModuleType,
    sub: Student,
    X: np.ndarray,
    Y: np.ndarray,
    hidden: int,
    seed: int,
    lr: float | None,
) -> Params:
    """How far one epoch moves each parameter from init_params (lr None: the default)."""
    kwargs = {} if lr is None else {"lr": lr}
    shown = "" if lr is None else f", lr={lr}"
    what = f"overfit(X, Y, hidden={hidden}, epochs=1{shown}, seed={seed})"
    params, history = overfit_params(sub, what, X, Y, hidden, 1, seed=seed, **kwargs)
    if len(history) != 1:
        fail(_(IGNORES_EPOCHS).format(what=what, count=len(history)))
    init = ref.init_params(X.shape[1], hidden, Y.shape[1], seed)
    return [got - start for got, start in zip(params, init, strict=True)]


def call_gradient_check(
    sub: Student, params: Params, X: np.ndarray, Y: np.ndarray, grads: Params, *eps: float
) -> tuple[float, str]:
    """The student's result, after checking params came back unchanged."""
    suffix = f", eps={eps[0]:g}" if eps else ""
    what = f"gradient_check(params, X, Y, grads{suffix})"
    try:
        result, args = sub.call_with_args(
            "gradient_check", [p.copy() for p in params], X, Y, [g.copy() for g in grads], *eps
        )
    except StudentFailure as failure:
        if not failure.fatal and "broadcast" in failure.message and Y.shape[1] > 1:
            fail(
                _(
                    "{what} raised {error} with Y of shape {shape}: use loss(params, X, Y) with "
                    "Y as given, of shape (n, d_out)"
                ).format(what=what, error=failure.describe(), shape=Y.shape)
            )
        raise
    value = number(result, what)
    after = args[0] if isinstance(args, list | tuple) and args else None
    if not restored(after, params):
        fail(
            _(
                "{what} left params changed: put each entry back after perturbing it "
                "(p[idx] = original), or every later check and the training that follows use "
                "corrupted parameters"
            ).format(what=what)
        )
    if not np.isfinite(value) or value < 0.0:
        fail(_("{what} returned {value:.4g}; a largest relative error is a finite number >= 0")
             .format(what=what, value=value))  # fmt: skip
    return value, what


def restored(after: object, params: Params) -> bool:
    """Did the params list come back from the student's call as it went in?"""
    if not (isinstance(after, list | tuple) and len(after) == len(params)):
        return False
    return all(
        isinstance(a, np.ndarray)
        and a.shape == p.shape
        and a.dtype.kind == "f"
        and bool(np.allclose(a, p, rtol=0.0, atol=1e-12))
        for a, p in zip(after, params, strict=True)
    )
