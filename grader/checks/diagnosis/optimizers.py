"""Optimizer trajectories and the known mistakes of SGD and Adam steps.

The oracles run an optimizer here, with NumPy, over a list of parameter arrays of any
shapes (0-d arrays for a scalar w): `sgd_trajectory` and `adam_trajectory` return the
parameters after every step, and their keyword switches turn on one known mistake each.
Gradients come from a callable `(step index, current params) -> grads`, so the same code
serves a gradient that depends on w (f(w) = (w - 3)**2) and a fixed sequence (`given`).

The mistake lists take `run`, the caller's function that runs the oracle with some
settings changed (`run(lr=..., beta1=..., eps=..., correct_m=False, ...)`) and returns
what is compared with the student's answer (a final w, a flattened trajectory), so each
exercise decides what "the same" means while the mistakes and their hints live here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from grader.checks.diagnosis.mistakes import Mistake
from grader.i18n import N_, _

Params = list[np.ndarray]
Trajectory = list[Params]
Gradients = Callable[[int, Params], Sequence[np.ndarray]]
Run = Callable[..., Any]

T_FROM_ZERO = N_(
    "Adam divided by zero: the step counter t must start at 1 (with t = 0, "
    "1 - beta1**t is 0 in m_hat = m / (1 - beta1**t))"
)
BIAS_HINT = N_(
    "Adam's first step is off: did you forget the bias correction m_hat = m/(1-beta1^t), "
    "v_hat = v/(1-beta2^t)?"
)


def given(sequence: Sequence[Sequence[np.ndarray]]) -> Gradients:
    """Gradients that do not depend on the parameters: step k gets sequence[k]."""
    return lambda k, _params: sequence[k]


def start(params: Sequence[Any]) -> Params:
    """Float64 copies of the starting parameters (numbers become 0-d arrays)."""
    return [np.array(p, dtype=np.float64) for p in params]


def sgd_trajectory(
    params: Sequence[Any], gradients: Gradients, steps: int, lr: float, *, stale: bool = False
) -> Trajectory:
    """Plain gradient descent p <- p - lr * g; the params after each of `steps` steps.

    stale=True reuses the first step's gradient for every step (a mistake). A negative lr
    is gradient ascent (a mistake).
    """
    current = start(params)
    first: Sequence[np.ndarray] | None = None
    trajectory: Trajectory = []
    with np.errstate(all="ignore"):
        for k in range(steps):
            grads = gradients(k, current) if first is None or not stale else first
            first = grads if first is None else first
            current = [p - lr * g for p, g in zip(current, grads, strict=True)]
            trajectory.append(current)
    return trajectory


def adam_trajectory(
    params: Sequence[Any],
    gradients: Gradients,
    steps: int,
    lr: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    *,
    correct_m: bool = True,
    correct_v: bool = True,
    eps_mode: str = "outside",
    v_from_m: bool = False,
    t_mode: str = "step",
    keep_state: bool = True,
) -> Trajectory:
    """Adam as the references write it, or with one known mistake; params after each step.

    Args:
        params: the starting arrays, any shapes; gradients: see the module notes.
        steps: how many steps; lr, beta1, beta2, eps: Adam's settings (lr < 0 steps uphill).
        correct_m, correct_v: apply the bias corrections m / (1 - beta1**t), v / (1 - beta2**t).
        eps_mode: "outside" (sqrt(v_hat) + eps, right), "inside" (sqrt(v_hat + eps)),
            "no_sqrt" (v_hat + eps) or "folded" (lr_t = lr sqrt(1 - beta2**t) /
            (1 - beta1**t), then lr_t m / (sqrt(v) + eps): Kingma and Ba's correct rewrite,
            whose eps acts slightly differently).
        v_from_m: v decays from m, v = beta2 m + (1 - beta2) g**2 (a mistake).
        t_mode: "step" (t = 1, 2, ... once per step, right), "stuck" (always 1), "param"
            (t += 1 once per parameter) or "zero" (t = 0, 1, ...: divides by zero first).
        keep_state: False forgets m and v between steps (a mistake).

    Returns:
        The parameters after every step, `steps` lists shaped like `params`; nan or inf
        where a mistake divides by zero or takes the root of a negative number.
    """
    current = start(params)
    m = [np.zeros_like(p) for p in current]
    v = [np.zeros_like(p) for p in current]
    t = 0
    trajectory: Trajectory = []
    with np.errstate(all="ignore"):
        for k in range(steps):
            grads = gradients(k, current)
            if not keep_state:
                m, v = [np.zeros_like(p) for p in current], [np.zeros_like(p) for p in current]
            if t_mode in ("step", "zero"):
                t += 1
            updated: Params = []
            for i, (p, g) in enumerate(zip(current, grads, strict=True)):
                if t_mode == "param":
                    t += 1
                m[i] = beta1 * m[i] + (1.0 - beta1) * g
                v[i] = beta2 * (m[i] if v_from_m else v[i]) + (1.0 - beta2) * g * g
                step_t = {"stuck": 1, "zero": t - 1}.get(t_mode, t)
                updated.append(p - adam_update(m[i], v[i], step_t, lr, beta1, beta2, eps,
                                               correct_m, correct_v, eps_mode))  # fmt: skip
            current = updated
            trajectory.append(current)
    return trajectory


def adam_update(
    m: np.ndarray,
    v: np.ndarray,
    t: int,
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    correct_m: bool,
    correct_v: bool,
    eps_mode: str,
) -> np.ndarray:
    """The amount one Adam step subtracts from a parameter (same shape as m)."""
    m_hat = m / (1.0 - beta1**t) if correct_m else m
    v_hat = v / (1.0 - beta2**t) if correct_v else v
    if eps_mode == "inside":
        return np.asarray(lr * m_hat / np.sqrt(v_hat + eps))
    if eps_mode == "no_sqrt":
        return np.asarray(lr * m_hat / (v_hat + eps))
    if eps_mode == "folded":
        lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
        return np.asarray(lr_t * m / (np.sqrt(v) + eps))
    return np.asarray(lr * m_hat / (np.sqrt(v_hat) + eps))


def adam_mistakes(run: Run, lr: float, *, name: str = "adam", given_betas: bool) -> list[Mistake]:
    """Known wrong Adams, each with its hint, in the order to try them.

    Args:
        run: runs `adam_trajectory` with the given keyword changes (see the module notes).
        lr: the learning rate of the right run (ascent is run with -lr).
        name: how the hints call the student's optimizer ("adam", "Adam").
        given_betas: the student was given betas other than 0.9 and 0.999, so ignoring
            them shows (those diagnoses come first: they are the most specific).
    """
    mistakes = [
        Mistake(_(BIAS_HINT), run(correct_m=False, correct_v=False), rtol=1e-5),
        Mistake(
            _("Adam's first steps are off: only v is bias-corrected; add m_hat = m/(1-beta1^t)"),
            run(correct_m=False),
            rtol=1e-5,
        ),
        Mistake(
            _("Adam's first steps are off: only m is bias-corrected; add v_hat = v/(1-beta2^t)"),
            run(correct_v=False),
            rtol=1e-5,
        ),
        Mistake(
            _("Adam steps uphill: the update is w -= lr * m_hat / (sqrt(v_hat) + eps)"),
            run(lr=-lr),
            rtol=1e-5,
        ),
        Mistake(
            _(
                "Adam divides by v_hat + eps without the square root; the denominator is "
                "sqrt(v_hat) + eps, so that a step is about lr long whatever the gradient's scale"
            ),
            run(eps_mode="no_sqrt"),
            rtol=1e-5,
        ),
        Mistake(
            _(
                "Adam's v decays from m instead of from v: the second moment is its own running "
                "average, v = beta2 * v + (1 - beta2) * g**2"
            ),
            run(v_from_m=True),
            rtol=1e-5,
        ),
        Mistake(
            _(
                "Adam returned nan: the step counter t must start at 1 (t = 0 divides by "
                "1 - beta**0 = 0)"
            ),
            test=lambda got: bool(np.any(np.isnan(got))),
        ),
    ]
    if given_betas:
        mistakes[:0] = betas_ignored(run, name)
    return mistakes


def betas_ignored(run: Run, name: str) -> list[Mistake]:
    """Adams that use 0.9 and/or 0.999 instead of the betas they were given."""
    return [
        Mistake(
            _(
                "{name} ignores its beta1/beta2 arguments (it uses 0.9 and 0.999); use the "
                "values passed in"
            ).format(name=name),
            run(beta1=0.9, beta2=0.999),
            rtol=1e-5,
        ),
        Mistake(
            _(
                "{name} ignores its beta2 argument (it uses 0.999 for v); use the value passed in"
            ).format(name=name),
            run(beta2=0.999),
            rtol=1e-5,
        ),
        Mistake(
            _(
                "{name} ignores its beta1 argument (it uses 0.9 for m); use the value passed in"
            ).format(name=name),
            run(beta1=0.9),
            rtol=1e-5,
        ),
    ]


def eps_mistakes(run: Run, name: str = "adam") -> list[Mistake]:
    """Where eps goes wrong; run these with an eps large enough to matter (>= ~0.1 |g|)."""
    return [
        Mistake(
            _(
                "eps is inside the square root: the update is w -= lr * m_hat / (sqrt(v_hat) + "
                "eps), not lr * m_hat / sqrt(v_hat + eps)"
            ),
            run(eps_mode="inside"),
        ),
        Mistake(
            _(
                "{name} ignores its eps argument (it behaves as if eps were about 1e-8): use the "
                "eps passed in, w -= lr * m_hat / (sqrt(v_hat) + eps)"
            ).format(name=name),
            run(eps=1e-8),
            rtol=1e-5,
        ),
    ]


def lr_ignored(
    run: Run, lr: float, name: str = "adam", others: Sequence[float] = (0.001, 0.2)
) -> list[Mistake]:
    """Optimizers that step with a fixed lr (a usual default, a seed's value) instead of lr."""
    return [
        Mistake(
            _(
                "{name} ignores its lr argument (it uses lr = {other:g}); use the lr passed in"
            ).format(name=name, other=other),
            run(lr=other),
            rtol=1e-5,
        )
        for other in others
        if not math.isclose(other, lr)
    ]


def sgd_mistakes(run: Run, lr: float, name: str = "sgd", seed_lr: float = 0.1) -> list[Mistake]:
    """Known wrong gradient descents: ascent, a stale gradient, the seed's lr.

    run runs `sgd_trajectory` with keyword changes (lr=..., stale=True).
    """
    mistakes = [
        Mistake(
            _(
                "{name} steps uphill (gradient ascent): the update is w -= lr * grad_f(w), not +="
            ).format(name=name),
            run(lr=-lr),
            rtol=1e-9,
            atol=1e-12,
        ),
        Mistake(
            _(
                "{name} reuses the gradient at w0 for every step; evaluate grad_f at the current w"
            ).format(name=name),
            run(stale=True),
            rtol=1e-9,
            atol=1e-12,
        ),
    ]
    if not math.isclose(lr, seed_lr):
        mistakes.append(
            Mistake(
                _(
                    "{name} ignores its lr argument (it uses the seed's {lr:g}); step with the "
                    "lr passed in"
                ).format(name=name, lr=seed_lr),
                run(lr=seed_lr),
                rtol=1e-9,
                atol=1e-12,
            )
        )
    return mistakes
