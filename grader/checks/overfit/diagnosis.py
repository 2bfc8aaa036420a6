"""The overfit suite's diagnoses: the verdicts on overfit's and gradient_check's results,
naming the known mistakes.

- overfit: parameters returned untrained, a history that disagrees with the returned
  parameters, a network sized or seeded against its arguments.
- gradient_check: a loss of other data (X standardised, Y flattened), a division by eps
  instead of 2 eps, forward differences, the mean instead of the largest error.
"""

from __future__ import annotations

from types import ModuleType
from typing import NoReturn

import numpy as np

from grader.checks import Student
from grader.checks.expect import array, fail, number_list, sequence
from grader.checks.overfit.oracles import NAMES, TARGET, Params, relative_errors
from grader.checks.overfit.probes import IGNORES_EPOCHS, history_label, overfit_params
from grader.i18n import N_, _


def overfit_verdict(
    ref: ModuleType,
    sub: Student,
    X: np.ndarray,
    Y: np.ndarray,
    hidden: int,
    epochs: int,
    lr: float,
    seed: int,
) -> None:
    """overfit on X (n, d_in), Y (n, d_out) must return params whose recomputed loss is
    below TARGET, and a history of `epochs` losses consistent with them."""
    what = f"overfit(X, Y, hidden={hidden}, epochs={epochs}, lr={lr}, seed={seed})"
    context = _("on {n} points with {d_in} inputs and {d_out} output(s)").format(
        n=X.shape[0], d_in=X.shape[1], d_out=Y.shape[1]
    )
    params, history = sequence(sub.call("overfit", X, Y, hidden, epochs, lr, seed), what, 2)
    initial = ref.init_params(X.shape[1], hidden, Y.shape[1], seed)
    items = sequence(params, f"{what}: params", 4)
    trained = [
        array(
            item,
            _("{what}: {name} (shaped as init_params gives it)").format(what=what, name=NAMES[i]),
            initial[i].shape,
        )  # fmt: skip
        for i, item in enumerate(items)
    ]
    losses = number_list(history, history_label(what), length=epochs)
    if not all(np.all(np.isfinite(p)) for p in trained):
        fail(_("{what} returned parameters with nan or inf {context}").format(
            what=what, context=context))  # fmt: skip
    final = ref.loss(trained, X, Y)
    start = ref.loss(initial, X, Y)
    if all(np.array_equal(p, q) for p, q in zip(trained, initial, strict=True)):
        untrained(what, context, losses)
    values = {"what": what, "context": context, "final": final, "start": start}
    if not final < TARGET:
        if len(losses) and losses[-1] < TARGET:
            fail(
                _(
                    "{what}: the loss recomputed from the returned params is {final:.3g} "
                    "{context}, but the history ends at {last:.3g}: return the parameters you "
                    "trained, and record the loss they really have"
                ).format(last=losses[-1], **values)
            )
        fail(
            _(
                "{what} did not memorise the data {context}: the loss recomputed from the "
                "returned params is {final:.3g} (need < {target}; it started at {start:.3g}). "
                "On a dozen points this means a bug: run gradient_check on backward's "
                "gradients, and check the Adam update (bias correction, t counted from 1) and "
                "that hidden, epochs and lr are the ones passed in"
            ).format(target=TARGET, **values)
        )
    # Loose on purpose: one Adam step can lower the loss by a third, so a history recorded
    # after each update starts well below the initial loss.
    if not final <= losses[0] <= 1.5 * start + 1e-3:
        fail(
            _(
                "{what}: history[0] is {first:.4g}, but the loss at the initial parameters is "
                "{start:.4g} and at the returned ones {final:.4g} {context}: record the loss of "
                "each epoch's forward pass"
            ).format(first=losses[0], **values)
        )
    if not abs(losses[-1] - final) <= 0.5 * final + 1e-3:
        fail(
            _(
                "{what}: history[-1] is {last:.4g} but the returned parameters have a loss of "
                "{final:.4g} {context}: the history must come from the same training"
            ).format(last=losses[-1], **values)
        )


def untrained(what: str, context: str, losses: np.ndarray) -> None:
    """Fail for parameters returned exactly as init_params made them (a history may claim
    otherwise)."""
    if len(losses) and losses[-1] < TARGET:
        fail(
            _(
                "{what} returned the initial parameters, untrained {context}, although the "
                "history ends at {last:.3g}: return the parameters you trained, and record the "
                "loss they really have; the Adam updates must change the arrays you return "
                "(update them in place: p -= ...)"
            ).format(what=what, context=context, last=losses[-1])
        )
    fail(
        _(
            "{what} returned the initial parameters, untrained {context}; the Adam updates "
            "must change the arrays you return (update them in place: p -= ...)"
        ).format(what=what, context=context)
    )


def initialised(
    ref: ModuleType,
    sub: Student,
    X: np.ndarray,
    Y: np.ndarray,
    hidden: int | None,
    seed: int | None,
) -> None:
    """overfit with epochs=0 returns init_params(X.shape[1], hidden, Y.shape[1], seed).

    hidden and seed None: not passed, so the defaults 8 and 0 must be used.
    """
    given = {"hidden": hidden, "seed": seed}
    kwargs = {key: value for key, value in given.items() if value is not None}
    shown = "".join(f", {key}={value}" for key, value in kwargs.items())
    what = f"overfit(X, Y{shown}, epochs=0)"
    params, history = overfit_params(sub, what, X, Y, epochs=0, **kwargs)
    if len(history):
        fail(_(IGNORES_EPOCHS).format(what=what, count=len(history)))
    h, s = hidden or 8, seed or 0
    sized(what, params, X.shape[1], h, Y.shape[1], hidden is not None)
    want = ref.init_params(X.shape[1], h, Y.shape[1], s)
    for i, (got, init) in enumerate(zip(params, want, strict=True)):
        array(got, f"{what}: {NAMES[i]}", init.shape)
    if all(np.array_equal(got, init) for got, init in zip(params, want, strict=True)):
        return
    if seed is None:
        fail(_("{what} does not start from init_params(..., seed=0): the default seed is 0")
             .format(what=what))  # fmt: skip
    zero = ref.init_params(X.shape[1], h, Y.shape[1], 0)
    if all(np.array_equal(got, init) for got, init in zip(params, zero, strict=True)):
        fail(
            _(
                "{what} starts from init_params(..., seed=0): overfit ignores its seed argument "
                "({seed}); initialise with init_params(X.shape[1], hidden, Y.shape[1], seed)"
            ).format(what=what, seed=seed)
        )
    fail(_("{what} must return init_params(X.shape[1], hidden, Y.shape[1], seed) unchanged")
         .format(what=what))  # fmt: skip


def sized(what: str, params: Params, d_in: int, hidden: int, d_out: int, passed: bool) -> None:
    """W1 must be (d_in, hidden) and W2 (hidden, d_out); name which size was ignored.

    `passed`: whether hidden was passed (else the default 8 was due).
    """
    W1, W2 = params[0], params[2]
    if W1.ndim == 2 and W1.shape[0] != d_in:
        fail(
            _(
                "{what} built W1 for {count} inputs, but X has {d_in} columns: size the network "
                "from the data, init_params(X.shape[1], hidden, Y.shape[1], seed)"
            ).format(what=what, count=W1.shape[0], d_in=d_in)
        )
    if W2.ndim == 2 and W2.shape[1] != d_out:
        fail(
            _(
                "{what} built W2 for {count} outputs, but Y has {d_out} columns: size the "
                "network from the data, init_params(X.shape[1], hidden, Y.shape[1], seed)"
            ).format(what=what, count=W2.shape[1], d_out=d_out)
        )
    if W1.ndim == 2 and W1.shape[1] != hidden:
        if passed:
            fail(
                _(
                    "{what} built {count} hidden units: overfit ignores its hidden argument "
                    "({hidden})"
                ).format(what=what, count=W1.shape[1], hidden=hidden)
            )
        fail(_("{what} built {count} hidden units: the default hidden is 8").format(
            what=what, count=W1.shape[1]))  # fmt: skip


def forward_difference(
    ref: ModuleType, params: Params, X: np.ndarray, Y: np.ndarray, grads: Params, eps: float
) -> float:
    """What gradient_check returns when written with forward differences (a known mistake)."""
    params = [p.copy() for p in params]
    base = ref.loss(params, X, Y)
    worst = 0.0
    for p, g in zip(params, grads, strict=True):
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            g_num = (ref.loss(params, X, Y) - base) / eps
            p[idx] = original
            g_ana = float(g[idx])
            worst = max(worst, abs(g_ana - g_num) / max(1e-8, abs(g_ana) + abs(g_num)))
    return worst


STANDARDISED_HINT = N_(
    "it matches the loss of X standardised, (X - mean) / std: use loss(params, X, Y) with the "
    "X given, unchanged"
)
FLAT_Y_HINT = N_(
    "it matches the loss of Y flattened to (n,): use loss(params, X, Y) with Y as given, of "
    "shape (n, d_out)"
)


def wrong_data_hint(
    ref: ModuleType,
    value: float,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    grads: Params,
    eps: float,
) -> str | None:
    """Name a gradient_check whose loss saw other data than the X and Y it was given."""
    with np.errstate(all="ignore"):
        standardised = (X - X.mean(axis=0)) / X.std(axis=0)
        candidates = [(STANDARDISED_HINT, standardised, Y)]
        if Y.shape[1] == 1:
            candidates.append((FLAT_Y_HINT, X, Y.ravel()))
        for hint, X_used, Y_used in candidates:
            errors = relative_errors(ref, params, X_used, Y_used, grads, eps)
            if np.isclose(value, errors.max(), rtol=1e-6, atol=1e-12):
                return _(hint)
    return None


def exact_gradients_fail(
    ref: ModuleType,
    what: str,
    value: float,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    grads: Params,
    *eps_args: float,
) -> NoReturn:
    """Fail for a gradient_check that gave `value` >= 1e-5 for exact gradients, naming the
    likely mistake: other data, a division by eps, forward differences."""
    eps = eps_args[0] if eps_args else 1e-6
    hint = wrong_data_hint(ref, value, params, X, Y, grads, eps)
    if hint:
        fail(_("{what} returned {value:.3g} for exact gradients: {hint}").format(
            what=what, value=value, hint=hint))  # fmt: skip
    if abs(value - 1.0 / 3.0) < 0.01:
        fail(
            _(
                "{what} returned {value:.4g} (1/3) for exact gradients: the central difference "
                "divides by 2 * eps, not eps"
            ).format(what=what, value=value)
        )
    if abs(value - forward_difference(ref, params, X, Y, grads, eps)) <= 0.1 * value:
        fail(
            _(
                "{what} returned {value:.3g} for exact gradients: it looks like forward "
                "differences (loss(theta + eps) - loss(theta)) / eps, whose error is of order "
                "eps; use central differences (loss(theta + eps) - loss(theta - eps)) / (2 eps)"
            ).format(what=what, value=value)
        )
    fail(
        _(
            "{what} returned {value:.3g} for exact gradients (computed by the given backward); "
            "expected < 1e-5. Perturb one entry at a time by +eps and -eps, g_num = (L+ - L-) / "
            "(2 eps), rel = |g - g_num| / max(1e-8, |g| + |g_num|)"
        ).format(what=what, value=value)
    )


def largest_error(value: float, errors: np.ndarray, label: str) -> None:
    """The result must be the largest of the entries' relative errors (the mean is named).

    These wrong entries have relative errors near 1, far above the differences' noise, so
    any correct central-difference loop lands within 1e-3 of the reference's maximum.
    """
    if np.isclose(value, errors.max(), rtol=1e-3, atol=0.0):
        return
    if np.isclose(value, errors.mean(), rtol=1e-4, atol=1e-12):
        fail(
            _(
                "gradient_check returned {value:.3g}, the mean relative error, for gradients "
                "that are wrong ({label}): return the largest relative error over all entries "
                "(max), so one wrong entry shows"
            ).format(value=value, label=label)
        )
