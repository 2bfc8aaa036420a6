"""Hidden checks for exercise 7.5: the overfit test with logistic regression.

The returned loss curve is never trusted for grading the fit: the loss and the accuracy
are recomputed here from the returned (w, b) with the reference `bce`. Training data is
generated here (blobs along directions the visible example never uses, and in 3-D), so a
trainer that ignores its data or hard-codes w fails.

The checks are declared here; what they use lives beside them, each module with its notes:
oracles.py (the data sets and the numbers expected), probes.py (calling the student's
functions and checking the form of their results) and diagnosis.py (the overfit test and
the known mistakes of a trainer).
"""

from __future__ import annotations

import math
from functools import partial
from types import ModuleType

import numpy as np

from grader.checks import CheckFailed, Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.ex7_5.diagnosis import BIAS_HINT, check_fit, gd_mistakes, ignores_labels
from grader.checks.ex7_5.oracles import LOG2, accuracy, anti_diagonal, reference_fits, three_d
from grader.checks.ex7_5.probes import data, default_data, loss_history, trained
from grader.checks.expect import close, fail, not_finite, number_list
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

suite = Suite("7.5")


@suite.check(
    points=1,
    title=N_("the seed's overfit test: loss goes down, accuracy > 95% (n=16)"),
    public=True,
)
def seed_overfit(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    X, y = data(sub, 16, 1)
    w, b, _losses = trained(sub, X, y, 0.2, 400)
    check_fit(ref, X, y, w, b, "make_separable_data(16, seed=1)")


@suite.check(
    points=1, title=N_("make_separable_data: shapes, balanced 0/1 labels, separable blobs")
)
def data_format(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, seed = 2 * int(rng.integers(4, 21)), int(rng.integers(0, 10_000))
    X, y = data(sub, n, seed)
    w, b, _losses = ref.train_logistic_regression(X, y, 0.2, 400)
    acc = accuracy(ref, X, y, w, b)
    if acc < 0.95:
        fail(
            _(
                "make_separable_data({n}, seed={seed}) is not separable enough: logistic "
                "regression reaches only {acc:.0%}; put the blobs at (2, 2) and (-2, -2), with "
                "unit variance"
            ).format(n=n, seed=seed, acc=acc)
        )


@suite.check(points=1, title=N_("make_separable_data is deterministic per seed, different across"))
def data_seeded(sub: Student, rng: np.random.Generator) -> None:
    n = 2 * int(rng.integers(4, 11))
    seed, other = (int(s) for s in rng.choice(10_000, size=2, replace=False))
    X1, y1 = data(sub, n, seed)
    X2, y2 = data(sub, n, seed)
    if not (np.array_equal(X1, X2) and np.array_equal(y1, y2)):
        fail(
            _(
                "make_separable_data({n}, seed={seed}) returned different data on two calls: "
                "draw from np.random.default_rng(seed), not an unseeded generator"
            ).format(n=n, seed=seed)
        )
    X3, _y3 = data(sub, n, other)
    if np.allclose(X1, X3):
        fail(
            _(
                "make_separable_data gave the same X for seeds {seed} and {other}: pass the "
                "seed argument to np.random.default_rng"
            ).format(seed=seed, other=other)
        )
    default_data(sub)


@suite.check(points=1, title=N_("train_logistic_regression returns w (d, 1), float b, losses list"))
def train_output_format(sub: Student, rng: np.random.Generator) -> None:
    X, y = three_d(rng)
    steps = int(rng.integers(20, 60))
    _w, _b, losses = trained(sub, X, y, 0.2, steps)
    curve = loss_history(losses, steps)
    if not math.isclose(float(curve[0]), LOG2, rel_tol=1e-6):
        fail(
            _(
                "losses[0] is {first:.4g}; it must be the loss just before the first update, "
                "log 2 = {log2:.4f} at w = 0, b = 0 (record the loss, then step)"
            ).format(first=curve[0], log2=LOG2)
        )


NEW_DATA = (
    (anti_diagonal, N_("blobs at (+2, -2) and (-2, +2)")),
    (three_d, N_("3-D blobs along a random direction")),
)


@suite.check(points=2, title=N_("overfits new data: blobs at (+2,-2)/(-2,+2) and in 3-D"))
def train_fits_new_data(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for make, name in NEW_DATA:
        lr, steps = float(rng.uniform(0.1, 0.5)), int(rng.integers(200, 401))
        X, y = make(rng, partial(reference_fits, ref, lr, steps))
        w, b, _losses = trained(sub, X, y, lr, steps)
        try:
            check_fit(ref, X, y, w, b, f"{_(name)} (lr={lr:.2f}, steps={steps})")
        except CheckFailed:
            ignores_labels(sub, X, y, w, lr, steps)
            raise


@suite.check(
    points=1, title=N_("full-batch gradient descent from w = 0, b = 0, default lr and steps")
)
def train_matches_gd(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    X, y = three_d(rng)
    lr, steps = float(rng.uniform(0.05, 0.3)), int(rng.integers(30, 120))
    for args, context in (((lr, steps), f"(lr={lr:.3f}, steps={steps})"), ((), _("(defaults)"))):
        use_lr, use_steps = args if args else (0.2, 400)
        w, b, losses = trained(sub, X, y, *args)
        curve = loss_history(losses, use_steps, default=not args)
        w_ref, b_ref, losses_ref = ref.train_logistic_regression(X, y, use_lr, use_steps)
        what = _("train_logistic_regression's w")
        if not np.allclose(w, w_ref, rtol=1e-5, atol=1e-8):  # diagnose only when wrong
            mistakes = gd_mistakes(ref, X, y, use_lr, use_steps, w_ref)
            close(w, w_ref, what, rtol=1e-5, atol=1e-8, mistakes=mistakes, context=context)
        close(np.asarray(b), b_ref, _("train_logistic_regression's b"), rtol=1e-5, atol=1e-8,
              mistakes=[Mistake(_(BIAS_HINT), 0.0)], context=context)  # fmt: skip
        after = [*losses_ref[1:], ref.bce(y, ref.sigmoid(X @ w_ref + b_ref))]
        close(
            curve,
            np.array(losses_ref),
            _("train_logistic_regression's losses"),
            rtol=1e-5,
            atol=1e-8,
            mistakes=[
                Mistake(
                    _("is shifted by one step: losses[i] must be the loss just before step i"),
                    np.array(after),
                    rtol=1e-5,
                )
            ],
            context=context,
        )


LOG_HINT = N_(
    "train_logistic_regression's losses hold nan or inf on far-apart blobs: p rounds to "
    "exactly 0 or 1 there and log(0) = -inf (and 0 * -inf = nan). Clip p to [eps, 1 - eps] "
    "before the log, as the given bce(y, p) does"
)
OVERFLOW_HINT = N_(
    "np.exp overflows for large logits: clip them first (np.clip(z, -500, 500)) or use "
    "the given stable sigmoid"
)


@suite.check(
    points=1, title=N_("no overflow in sigmoid or training on far-apart blobs (|z| > 1000)")
)
def no_overflow(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # NumPy only warns on overflow, so the student's child is switched to raising for it
    # (through the module's own `np`), then restored. Without `np` there is no switch.
    try:
        numpy = sub.getattr(None, "np")
        if not isinstance(numpy, Remote) or numpy.type_name != "module":
            return
        old = sub.method(numpy, "seterr", over="raise")
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return
    try:
        z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]) * rng.uniform(1.0, 2.0)
        close(sub.call("sigmoid", z), ref.sigmoid(z), "sigmoid",
              context=_("for logits of ±1000"))  # fmt: skip
        X, y = anti_diagonal(rng)
        X = X * 300.0
        # Overflow matters here, and a loss history of nan/inf from an unclipped log:
        # trained() already rejects nan or inf in w and b.
        steps = int(rng.integers(5, 20))
        _w, _b, losses = trained(sub, X, y, 0.2, steps)
        curve = number_list(losses, _("train_logistic_regression's losses"), steps)
        if not_finite(curve):
            fail(_(LOG_HINT))
    except StudentFailure as failure:
        if "overflow" in failure.message and not failure.fatal:
            fail(f"{_(OVERFLOW_HINT)} ({failure.describe()})")
        raise
    finally:
        if isinstance(old, dict) and not sub.dead:
            sub.method(numpy, "seterr", **{str(k): v for k, v in old.items()})
