"""Hidden checks for exercise 7.5: the overfit test with logistic regression.

The returned loss curve is never trusted for grading the fit: the loss and the accuracy
are recomputed here from the returned (w, b) with the reference `bce`. Training data is
generated here (blobs along directions the visible example never uses, and in 3-D), so a
trainer that ignores its data or hard-codes w fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import CheckFailed, Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, not_finite, number, number_list, sequence
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

suite = Suite("7.5")

LOG2 = math.log(2.0)
# Accepts a data set (X (n, d), y (n, 1)) or asks for another draw.
Accept = Callable[[np.ndarray, np.ndarray], bool]
BIAS_HINT = N_("b never changes: update the bias too (db = sum(dz))")


def blobs(
    rng: np.random.Generator,
    n: int,
    direction: np.ndarray,
    offset: np.ndarray,
    accept: Accept | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two unit-variance blobs at offset +/- direction, shuffled; labels (n, 1) in {0, 1}.

    With `accept` (see `reference_fits`), redrawn until it accepts the data (20 draws at
    most), so a correct trainer (which follows the reference's deterministic path) always
    passes the overfit test on them.
    """
    d = direction.shape[0]
    for _draw in range(20):
        y = np.zeros((n, 1))
        y[: n // 2] = 1.0
        X = rng.standard_normal((n, d)) + offset + np.where(y > 0, 1.0, -1.0) * direction
        order = rng.permutation(n)
        X, y = X[order], y[order]
        if accept is None or accept(X, y):
            break
    return X, y


def reference_fits(ref: ModuleType, lr: float, steps: int, X: np.ndarray, y: np.ndarray) -> bool:
    """Does the reference, trained with exactly (lr, steps), reach 100% training accuracy?"""
    w, b, _losses = ref.train_logistic_regression(X, y, lr, steps)
    return accuracy(ref, X, y, w, b) == 1.0


def anti_diagonal(
    rng: np.random.Generator, accept: Accept | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Blobs at (+2, -2) and (-2, +2): separated along the other diagonal than the seed's."""
    return blobs(rng, 2 * int(rng.integers(6, 13)), np.array([2.0, -2.0]), np.zeros(2), accept)


def three_d(
    rng: np.random.Generator, accept: Accept | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """3-D blobs along a random direction, off the origin so the bias matters."""
    u = rng.standard_normal(3)
    direction = 3.0 * u / np.linalg.norm(u)
    offset = rng.uniform(-1.0, 1.0, 3)
    return blobs(rng, 2 * int(rng.integers(8, 16)), direction, offset, accept)


def accuracy(ref: ModuleType, X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """Training accuracy of (w (d, 1), b) on X (n, d), y (n, 1), with the reference sigmoid."""
    p = ref.sigmoid(X @ w + b)
    return float(np.mean((p >= 0.5) == (y >= 0.5)))


def gradient_descent(
    ref: ModuleType,
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    steps: int,
    divide: bool = True,
    update_bias: bool = True,
    sign: float = 1.0,
) -> tuple[np.ndarray, float]:
    """The reference loop, optionally with a known mistake (for diagnoses)."""
    n, d = X.shape
    w, b = np.zeros((d, 1)), 0.0
    for _step in range(steps):
        dz = ref.sigmoid(X @ w + b) - y
        if divide:
            dz = dz / n
        w = w - sign * lr * (X.T @ dz)
        if update_bias:
            b -= sign * lr * float(np.sum(dz))
    return w, b


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
