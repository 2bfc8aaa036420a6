"""Hidden checks for exercise 7.5: the overfit test with logistic regression.

The returned loss curve is never trusted for grading the fit: the loss and the accuracy
are recomputed here from the returned (w, b) with the reference `bce`. Training data is
generated here (blobs along directions the visible example never uses, and in 3-D), so a
trainer that ignores its data or hard-codes w fails.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import CheckFailed, Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, not_finite, number, number_list, sequence
from grader.checks.reference import reference
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

if TYPE_CHECKING:
    from solutions.week18 import ex7_5_overfit_logreg as ref
else:
    ref = reference("week18.ex7_5_overfit_logreg")

suite = Suite("7.5")

LOG2 = math.log(2.0)


def blobs(
    rng: np.random.Generator,
    n: int,
    direction: np.ndarray,
    offset: np.ndarray,
    fit: tuple[float, int] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Two unit-variance blobs at offset +/- direction, shuffled; labels (n, 1) in {0, 1}.

    With `fit` = (lr, steps), redrawn until the reference trained with exactly those
    settings reaches 100% training accuracy, so a correct trainer (which follows the
    same deterministic path) always passes the overfit test on it.
    """
    d = direction.shape[0]
    for _ in range(20):
        y = np.zeros((n, 1))
        y[: n // 2] = 1.0
        X = rng.standard_normal((n, d)) + offset + np.where(y > 0, 1.0, -1.0) * direction
        order = rng.permutation(n)
        X, y = X[order], y[order]
        if fit is None:
            break
        w, b, _ = ref.train_logistic_regression(X, y, *fit)
        if accuracy(X, y, w, b) == 1.0:
            break
    return X, y


def anti_diagonal(
    rng: np.random.Generator, fit: tuple[float, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Blobs at (+2, -2) and (-2, +2): separated along the other diagonal than the seed's."""
    return blobs(rng, 2 * int(rng.integers(6, 13)), np.array([2.0, -2.0]), np.zeros(2), fit)


def three_d(
    rng: np.random.Generator, fit: tuple[float, int] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """3-D blobs along a random direction, off the origin so the bias matters."""
    u = rng.standard_normal(3)
    direction = 3.0 * u / np.linalg.norm(u)
    offset = rng.uniform(-1.0, 1.0, 3)
    return blobs(rng, 2 * int(rng.integers(8, 16)), direction, offset, fit)


def accuracy(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    p = ref.sigmoid(X @ w + b)
    return float(np.mean((p >= 0.5) == (y >= 0.5)))


def gradient_descent(
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
    for _ in range(steps):
        dz = ref.sigmoid(X @ w + b) - y
        if divide:
            dz = dz / n
        w = w - sign * lr * (X.T @ dz)
        if update_bias:
            b -= sign * lr * float(np.sum(dz))
    return w, b


def gd_mistakes(
    X: np.ndarray, y: np.ndarray, lr: float, steps: int, w_ref: np.ndarray
) -> list[Mistake]:
    """Known wrong trainers' weights for these data and settings."""
    return [
        Mistake(
            "the gradient is not divided by n: the loss is a mean, so dz = (p - y) / n",
            gradient_descent(X, y, lr, steps, divide=False)[0],
            rtol=1e-4,
        ),
        Mistake(
            "b never changes: update the bias too (db = sum(dz))",
            gradient_descent(X, y, lr, steps, update_bias=False)[0],
            rtol=1e-4,
        ),
        Mistake(
            "steps uphill: the update is w -= lr * gradient, not +=",
            gradient_descent(X, y, lr, steps, sign=-1.0)[0],
            rtol=1e-4,
        ),
        *(
            [
                Mistake(
                    f"the trainer ignores its lr argument: w is what lr = 0.2 (the default) gives, "
                    f"not lr = {lr:g}; step with the lr passed in",
                    gradient_descent(X, y, 0.2, steps)[0],
                    rtol=1e-4,
                )
            ]  # fmt: skip
            if abs(lr - 0.2) > 1e-3
            else []
        ),
        Mistake(
            f"w moved far less than gradient descent with lr={lr:g} does: is the "
            "learning rate used as given (no extra factor, no smaller default)?",
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
    what = "train_logistic_regression"
    d = X.shape[1]
    try:
        got = sub.call(what, X, y, *args)
    except StudentFailure as failure:
        if not failure.fatal and d != 2 and works_on_two_features(sub, X, y, *args):
            fail(
                f"{what} fails on X with {d} columns ({failure.describe()}) but runs on its "
                f"first 2: X has shape (n, d); size w from X.shape[1], w = np.zeros((d, 1))"
            )
        raise
    w, b, losses = sequence(got, what, 3)
    if isinstance(w, np.ndarray) and w.shape == (d,):
        fail(f"{what} returned w of shape ({d},); return it as a column of shape (d, 1) = ({d}, 1)")
    w_array = array(w, f"{what}'s w", (d, 1))
    b_value = number(b, f"{what}'s b")
    if not np.all(np.isfinite(w_array)) or not math.isfinite(b_value):
        fail(f"{what} returned nan or inf in w or b: the updates blew up")
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
    what = "train_logistic_regression's losses"
    if isinstance(losses, list | tuple | np.ndarray) and len(losses) != steps:
        if default:
            fail(f"{what} has {len(losses)} entries when steps is not passed: the default "
                 f"steps is {steps}")  # fmt: skip
        if len(losses) == 400:
            fail(f"{what} has 400 entries for steps={steps}: the trainer ignores its steps "
                 "argument (it always runs the default 400); loop `steps` times")  # fmt: skip
    return number_list(losses, what, steps)


def check_fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float, data: str) -> None:
    """The overfit test itself, on numbers recomputed from (w, b)."""
    loss_end = ref.bce(y, ref.sigmoid(X @ w + b))
    acc = accuracy(X, y, w, b)
    went = f"log 2 = {LOG2:.3f} at w = 0, b = 0, {loss_end:.3g} with the returned w, b"
    if loss_end >= LOG2 and acc < 0.2:
        fail(
            f"the loss doesn't decrease on {data} ({went}) and the predictions are backwards "
            f"(accuracy {acc:.0%}): check the sign of the update (w -= lr * gradient)"
        )
    if not acc > 0.95:
        fail(
            f"training accuracy is only {acc:.0%} on {data} (needs > 95%; {went}); the data "
            "is separable, so the trainer must learn from the X and y it is given"
        )
    if not loss_end < LOG2:
        fail(f"the loss doesn't decrease on {data} ({went}): check the sign of the update")


def data(sub: Student, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Call make_separable_data(n, seed); check shapes, labels and balance."""
    X, y = sequence(sub.call("make_separable_data", n, seed), "make_separable_data", 2)
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[0] != n:
        fail(
            f"make_separable_data({n}, seed={seed}) returned {X.shape[0]} points; it must "
            f"return n = {n} (the n passed in, n // 2 in each blob)"
        )
    X_array = array(X, "make_separable_data's X", (n, 2))
    if isinstance(y, np.ndarray) and y.shape == (n,):
        fail(
            f"make_separable_data returned y of shape ({n},); return labels of shape "
            f"(n, 1) = ({n}, 1), or they broadcast against (n, 1) predictions into (n, n)"
        )
    y_array = array(y, "make_separable_data's y", (n, 1))
    if not np.all(np.isfinite(X_array)):
        fail("make_separable_data returned nan or inf in X")
    labels = set(np.unique(y_array).tolist())
    if not labels <= {0.0, 1.0}:
        shown = ", ".join(f"{v:g}" for v in sorted(labels)[:4])
        fail(f"labels must be 0 and 1 (BCE targets); make_separable_data returned {shown}")
    ones = int(np.sum(y_array))
    if ones != n // 2:
        fail(
            f"make_separable_data({n}, ...) has {ones} positive labels; the first n // 2 = "
            f"{n // 2} rows are the positive blob and the rest are 0"
        )
    return X_array, y_array


@suite.check(points=1, title="the seed's overfit test: loss goes down, accuracy > 95% (n=16)",
       public=True)  # fmt: skip
def seed_overfit(sub: Student, rng: np.random.Generator) -> None:
    X, y = data(sub, 16, 1)
    w, b, _losses = trained(sub, X, y, 0.2, 400)
    check_fit(X, y, w, b, "make_separable_data(16, seed=1)")


@suite.check(points=1, title="make_separable_data: shapes, balanced 0/1 labels, separable blobs")
def data_format(sub: Student, rng: np.random.Generator) -> None:
    n, seed = 2 * int(rng.integers(4, 21)), int(rng.integers(0, 10_000))
    X, y = data(sub, n, seed)
    w, b, _ = ref.train_logistic_regression(X, y, 0.2, 400)
    acc = accuracy(X, y, w, b)
    if acc < 0.95:
        fail(
            f"make_separable_data({n}, seed={seed}) is not separable enough: logistic regression "
            f"reaches only {acc:.0%}; put the blobs at (2, 2) and (-2, -2), with unit variance"
        )


@suite.check(points=1, title="make_separable_data is deterministic per seed, different across")
def data_seeded(sub: Student, rng: np.random.Generator) -> None:
    n = 2 * int(rng.integers(4, 11))
    seed, other = (int(s) for s in rng.choice(10_000, size=2, replace=False))
    X1, y1 = data(sub, n, seed)
    X2, y2 = data(sub, n, seed)
    if not (np.array_equal(X1, X2) and np.array_equal(y1, y2)):
        fail(
            f"make_separable_data({n}, seed={seed}) returned different data on two calls: "
            "draw from np.random.default_rng(seed), not an unseeded generator"
        )
    X3, _ = data(sub, n, other)
    if np.allclose(X1, X3):
        fail(
            f"make_separable_data gave the same X for seeds {seed} and {other}: "
            "pass the seed argument to np.random.default_rng"
        )
    default_data(sub)


def default_data(sub: Student) -> None:
    """make_separable_data() must be make_separable_data(16, seed=1), the same numbers."""
    what = "make_separable_data()"
    X, y = sequence(sub.call("make_separable_data"), what, 2)
    if isinstance(X, np.ndarray) and X.ndim == 2 and X.shape[0] != 16:
        fail(f"{what} returned {X.shape[0]} points: the default n is 16")
    X_default, y_default = array(X, f"{what}'s X", (16, 2)), array(y, f"{what}'s y", (16, 1))
    X_given, y_given = data(sub, 16, 1)
    if not (np.array_equal(X_default, X_given) and np.array_equal(y_default, y_given)):
        fail(f"{what} differs from make_separable_data(16, seed=1): the default seed is 1")


@suite.check(points=1, title="train_logistic_regression returns w (d, 1), float b, losses list")
def train_output_format(sub: Student, rng: np.random.Generator) -> None:
    X, y = three_d(rng)
    steps = int(rng.integers(20, 60))
    _w, _b, losses = trained(sub, X, y, 0.2, steps)
    curve = loss_history(losses, steps)
    if not math.isclose(float(curve[0]), LOG2, rel_tol=1e-6):
        fail(
            f"losses[0] is {curve[0]:.4g}; it must be the loss just before the first update, "
            f"log 2 = {LOG2:.4f} at w = 0, b = 0 (record the loss, then step)"
        )


@suite.check(points=2, title="overfits new data: blobs at (+2,-2)/(-2,+2) and in 3-D")
def train_fits_new_data(sub: Student, rng: np.random.Generator) -> None:
    for make, name in (
        (anti_diagonal, "blobs at (+2, -2) and (-2, +2)"),
        (three_d, "3-D blobs along a random direction"),
    ):
        lr, steps = float(rng.uniform(0.1, 0.5)), int(rng.integers(200, 401))
        X, y = make(rng, (lr, steps))
        w, b, _losses = trained(sub, X, y, lr, steps)
        try:
            check_fit(X, y, w, b, f"{name} (lr={lr:.2f}, steps={steps})")
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
            "train_logistic_regression ignores its y: with every label flipped (1 - y) it "
            "returns the same w; the trainer must learn from the X and y it is given"
        )


@suite.check(points=1, title="full-batch gradient descent from w = 0, b = 0, default lr and steps")
def train_matches_gd(sub: Student, rng: np.random.Generator) -> None:
    X, y = three_d(rng)
    lr, steps = float(rng.uniform(0.05, 0.3)), int(rng.integers(30, 120))
    for args, context in (((lr, steps), f"(lr={lr:.3f}, steps={steps})"), ((), "(defaults)")):
        use_lr, use_steps = args if args else (0.2, 400)
        w, b, losses = trained(sub, X, y, *args)
        curve = loss_history(losses, use_steps, default=not args)
        w_ref, b_ref, losses_ref = ref.train_logistic_regression(X, y, use_lr, use_steps)
        what = "train_logistic_regression's w"
        if not np.allclose(w, w_ref, rtol=1e-5, atol=1e-8):  # diagnose only when wrong
            mistakes = gd_mistakes(X, y, use_lr, use_steps, w_ref)
            close(w, w_ref, what, rtol=1e-5, atol=1e-8, mistakes=mistakes, context=context)
        b_mistakes = [Mistake("b never changes: update the bias too (db = sum(dz))", 0.0)]
        close(np.asarray(b), b_ref, "train_logistic_regression's b", rtol=1e-5, atol=1e-8,
              mistakes=b_mistakes, context=context)  # fmt: skip
        after = [*losses_ref[1:], ref.bce(y, ref.sigmoid(X @ w_ref + b_ref))]
        close(
            curve,
            np.array(losses_ref),
            "train_logistic_regression's losses",
            rtol=1e-5,
            atol=1e-8,
            mistakes=[
                Mistake(
                    "is shifted by one step: losses[i] must be the loss just before step i",
                    np.array(after),
                    rtol=1e-5,
                )
            ],
            context=context,
        )


LOG_HINT = (
    "train_logistic_regression's losses hold nan or inf on far-apart blobs: p rounds to "
    "exactly 0 or 1 there and log(0) = -inf (and 0 * -inf = nan). Clip p to [eps, 1 - eps] "
    "before the log, as the given bce(y, p) does"
)
OVERFLOW_HINT = (
    "np.exp overflows for large logits: clip them first (np.clip(z, -500, 500)) or use "
    "the given stable sigmoid"
)


@suite.check(points=1, title="no overflow in sigmoid or training on far-apart blobs (|z| > 1000)")
def no_overflow(sub: Student, rng: np.random.Generator) -> None:
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
        close(sub.call("sigmoid", z), ref.sigmoid(z), "sigmoid", context="for logits of ±1000")
        X, y = anti_diagonal(rng)
        X = X * 300.0
        # Overflow matters here, and a loss history of nan/inf from an unclipped log:
        # trained() already rejects nan or inf in w and b.
        steps = int(rng.integers(5, 20))
        _w, _b, losses = trained(sub, X, y, 0.2, steps)
        curve = number_list(losses, "train_logistic_regression's losses", steps)
        if not_finite(curve):
            fail(LOG_HINT)
    except StudentFailure as failure:
        if "overflow" in failure.message and not failure.fatal:
            fail(f"{OVERFLOW_HINT} ({failure.describe()})")
        raise
    finally:
        if isinstance(old, dict) and not sub.dead:
            sub.method(numpy, "seterr", **{str(k): v for k, v in old.items()})
