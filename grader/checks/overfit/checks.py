"""Hidden checks for exercise overfit: overfit, gradient_check and run_overfit_test.

Notes:
- overfit is judged by the parameters it returns: their loss is recomputed here with the
  given forward/bce. The history it returns is only checked for length and loose
  consistency (its first entry between the final loss and 1.5 times the initial one, its
  last near the recomputed final loss), so recording the loss before or after each update
  are both accepted.
- The random data sets (8-16 points in 2-4 dimensions, random labels, 1 or 2 outputs,
  points at least 0.3 apart) are memorised by the reference with 16 hidden units and
  3000 epochs to a loss below 2e-4 on every one of 120 draws (threshold 0.01).
- Training stops when the property holds: overfit is first asked for 360 epochs and for
  the full 3000 only if that fails, and the full run alone decides the verdict (and its
  feedback). The reference is below 0.01 after 53 epochs on XOR and within 251 on each of
  200 random draws; a correct trainer that needs more still passes, in epochs, not seconds.
  run_overfit_test takes no epochs, so it runs with the student's defaults.
- gradient_check is given gradients whose entries all exceed 1e-3 in magnitude, so the
  reference's central differences stay below 1e-6 (threshold 1e-5) at eps = 1e-6 and at
  eps = 1e-4. At eps = 1e-4 forward differences give 4e-5 or more on every one of 300
  draws, which is how they are told apart. Corrupted gradients give >= 0.5 with the
  reference (threshold 0.05).
"""

from __future__ import annotations

from functools import partial
from types import ModuleType
from typing import NoReturn

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis.finite_differences import numerical_gradients
from grader.checks.diagnosis.training import short_then_full as short_then_full
from grader.checks.expect import array, fail, number, number_list, sequence
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("overfit")

Params = list[np.ndarray]
XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
TARGET = 0.01
NAMES = ("W1", "b1", "W2", "b2")
# The epochs overfit is given first; the check's full budget follows only if they fail.
# (short_then_full lives in diagnosis/training.py; it is imported from here by others.)
SHORT_EPOCHS = 360


# ---- overfit ---------------------------------------------------------------------------


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


def history_label(what: str) -> str:
    """How feedback names the history a call of overfit returned."""
    return _("{what}: the history").format(what=what)


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


@suite.check(points=1, title=N_("overfit memorises XOR (loss < 0.01, recomputed)"), public=True)
def overfit_xor(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    attempt = partial(overfit_verdict, ref, sub, XOR_X, XOR_Y, 8, lr=0.05, seed=0)
    short_then_full(attempt, 3000, SHORT_EPOCHS)


@suite.check(
    points=1, title=N_("run_overfit_test() returns the final XOR loss < 0.01"), public=True
)
def run_test(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    got = number(sub.call("run_overfit_test"), "run_overfit_test()")
    if not 0.0 <= got < TARGET:
        fail(
            _(
                "run_overfit_test() returned {got:.4g}; it should return the final XOR loss, "
                "recomputed from overfit's parameters with loss(params, X, Y): >= 0 and "
                "< {target}"
            ).format(got=got, target=TARGET)
        )
    # The history's last entry is the loss before the last update (about 0.1% above the
    # final loss on XOR). Only named when it explains the answer and the final loss does not,
    # so a run_overfit_test that trains with other settings is not judged by this.
    params, history = sequence(sub.call("overfit", XOR_X, XOR_Y), "overfit(X, Y)", 2)
    items = sequence(params, "overfit(X, Y): params", 4)
    trained = [array(item, f"overfit(X, Y): {NAMES[i]}") for i, item in enumerate(items)]
    losses = number_list(history, history_label("overfit(X, Y)"))
    if len(losses) != 3000:
        fail(
            _(
                "overfit(X, Y) returned a history of {count} losses: without an epochs "
                "argument it must run the default epochs = 3000"
            ).format(count=len(losses))
        )
    final = ref.loss(trained, XOR_X, XOR_Y)
    if (
        len(losses)
        and np.isclose(got, losses[-1], rtol=1e-6, atol=0.0)
        and not np.isclose(got, final, rtol=1e-5, atol=0.0)
    ):
        fail(
            _(
                "run_overfit_test() returned {got:.6g}, the last entry of overfit's history: "
                "that loss was recorded before the last update. Recompute the final loss from "
                "the returned parameters, loss(params, X, Y) = {final:.6g}"
            ).format(got=got, final=final)
        )


@suite.check(points=2, title=N_("overfit memorises random tiny data sets (1 and 2 outputs)"))
def overfit_random(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for d_out in (1, 2):
        X, Y = random_data(rng, d_out)
        seed = int(rng.integers(1000))
        attempt = partial(overfit_verdict, ref, sub, X, Y, 16, lr=0.05, seed=seed)
        short_then_full(attempt, 3000, SHORT_EPOCHS)


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


@suite.check(
    points=1,
    title=N_(
        "overfit sizes the network from X, Y and hidden, seeds it, runs epochs updates of size "
        "lr; the defaults are 8, 3000, 0.05, 0"
    ),
)
def overfit_arguments(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Cheap: 0 or 1 epoch per call. 3 inputs and 2 outputs, so a network sized for XOR's
    # 2 and 1 shows; a seed other than 0 and hidden other than 8 show when ignored.
    X = rng.standard_normal((int(rng.integers(5, 9)), 3))
    Y = (rng.random((X.shape[0], 2)) < 0.5).astype(np.float64)
    Y[0], Y[1] = 0.0, 1.0
    hidden, seed = int(rng.integers(3, 7)), int(rng.integers(1, 1000))
    initialised(ref, sub, X, Y, hidden, seed)
    initialised(ref, sub, X, Y, None, None)
    # Any first update, Adam's or plain gradient descent's, is lr times something that
    # does not depend on lr: with lr 5 times smaller it is exactly 5 times shorter.
    big = first_update(ref, sub, X, Y, hidden, seed, 0.05)
    small = first_update(ref, sub, X, Y, hidden, seed, 0.01)
    if not all(
        np.allclose(b, 5.0 * s, rtol=1e-6, atol=1e-12) for b, s in zip(big, small, strict=True)
    ):
        if all(np.allclose(b, s, rtol=1e-9, atol=1e-15) for b, s in zip(big, small, strict=True)):
            fail(_("overfit ignores its lr argument: the first update is the same with lr=0.05 "
                   "and lr=0.01; step by the lr passed in"))  # fmt: skip
        fail(_("overfit's first update with lr=0.05 is not 5 times the one with lr=0.01: "
               "each update must be lr times the step direction"))  # fmt: skip
    default = first_update(ref, sub, X, Y, hidden, seed, None)
    if not all(
        np.allclose(d, b, rtol=1e-12, atol=1e-15) for d, b in zip(default, big, strict=True)
    ):
        fail(_("overfit's first update without an lr argument differs from the one with "
               "lr=0.05: the default lr is 0.05"))  # fmt: skip


# ---- gradient_check --------------------------------------------------------------------


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


@suite.check(points=1, title=N_("gradient_check: correct gradients give < 1e-5, params restored"))
def gradient_check_correct(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    params, X, Y, grads = grad_problem(ref, rng)
    for eps_args in ((), (1e-4,)):
        value, what = call_gradient_check(sub, params, X, Y, grads, *eps_args)
        if value >= 1e-5:
            exact_gradients_fail(ref, what, value, params, X, Y, grads, *eps_args)
    # The same code on the same numbers gives the same bits: no eps must mean eps=1e-6.
    default, what = call_gradient_check(sub, params, X, Y, grads)
    explicit, _what = call_gradient_check(sub, params, X, Y, grads, 1e-6)
    if default != explicit:
        fail(
            _(
                "{what} returned {default:.6g}, but {explicit:.6g} with eps=1e-6 passed: the "
                "default eps must be 1e-6"
            ).format(what=what, default=default, explicit=explicit)
        )


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


@suite.check(points=2, title=N_("gradient_check flags wrong gradients (error > 0.05)"))
def gradient_check_wrong(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    params, X, Y, grads = grad_problem(ref, rng)
    for label, wrong in corruptions(rng, grads, X.shape[0]):
        value, _what = call_gradient_check(sub, params, X, Y, wrong)
        largest_error(value, relative_errors(ref, params, X, Y, wrong, 1e-6), label)
        if not value > 0.05:
            fail(
                _(
                    "gradient_check returned a small error ({value:.3g}) for gradients that "
                    "are wrong ({label}): it must compare the grads argument, entry by entry, "
                    "with central differences of loss(params, X, Y), and return the largest "
                    "relative error"
                ).format(value=value, label=label)
            )
