"""Checks for the perceptron exercise: the step, predict, and the perceptron learning rule.

Notes:
- The rule is deterministic: from w = 0 and b = 0, visiting the rows in order, every correct
  implementation takes the same path. So its weights and its per-epoch mistake counts are
  compared with the reference's, and a wrong answer is matched against the same loop with
  one known mistake put in (`rule`, below).
- The truth tables and the powers-of-two learning rates keep every sum exact, so the many
  points that land exactly on z = 0 are decided the same way whatever the order of the
  additions (an augmented [w, b] vector, a {-1, +1} encoding). Random data is continuous,
  where z = 0 has probability 0.
- "Learned" and "never learned" are judged on the returned weights, by a step computed
  here, never on the mistake counts the student's code reports about itself.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, number, number_list, sequence
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("perceptron")

EXERCISE = "perceptron"
# The gates' data, written out here so that the checks do not depend on the stub's helper.
INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATES = {
    "AND": np.array([0.0, 0.0, 0.0, 1.0]),
    "OR": np.array([0.0, 1.0, 1.0, 1.0]),
    "NAND": np.array([1.0, 1.0, 1.0, 0.0]),
    "XOR": np.array([0.0, 1.0, 1.0, 0.0]),
}
# The reference learns AND and NAND in 5 epochs and OR in 3; twice that is the budget.
BUDGET = 10  # gates_learned's title says 10

EVERY_POINT = N_(
    "it updates w and b on every example, also on those already on the right side: change "
    "them only when the prediction is wrong (error = y - step(z) is not 0)"
)
RAW_ERROR = N_(
    "it uses y - z, the raw sum, as the error, so correctly classified examples move the "
    "line too: the error is y - step(z), which is 0 when the prediction is right"
)
NO_BIAS = N_(
    "b never changes: the bias is missing or never updated, so the line is stuck through the "
    "origin. Add b to z and update it with every mistake: b += lr * error"
)
WRONG_SIGN = N_(
    "the update has the wrong sign: w -= lr * error * x pushes the line away from the "
    "example it got wrong. Use w += lr * error * x and b += lr * error"
)
STRICT_STEP = N_(
    "it treats z = 0 as class 0 (z > 0): here z = 0 counts as class 1, step(z) = 1.0 where "
    "z >= 0; the very first prediction, from w = 0 and b = 0, has z = 0"
)
NO_LR = N_("the learning rate is not used: the update is w += lr * error * x (and b += lr * error)")
NOT_RESET = N_(
    "mistakes keeps counting across epochs: set the counter to 0 at the start of each epoch, "
    "so that each entry counts that epoch's updates only"
)

SIGNED_LABELS = N_(
    "it treats y as -1/+1 labels (an update when y * z <= 0, w += lr * y * x): the labels "
    "here are 0 and 1, so an example labelled 0 never moves the line. Use error = "
    "y - step(z), which is -1, 0 or +1"
)
SHAPE_WORDS = ("matmul", "not aligned", "broadcast")


def rule(
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    epochs: int,
    *,
    every_point: bool = False,
    raw_error: bool = False,
    bias: bool = True,
    sign: float = 1.0,
    strict: bool = False,
    use_lr: bool = True,
    signed_labels: bool = False,
) -> tuple[np.ndarray, float]:
    """The perceptron rule with at most one known mistake switched on; returns (w, b).

    Args:
        X: (n, d) inputs; y: (n,) labels in {0, 1}; lr, epochs: as in train_perceptron.
        every_point: update with (2y - 1) on every example, right or wrong.
        raw_error: the error is y - z (the delta rule) instead of y - step(z).
        bias: False leaves b at 0 for good (missing, or never updated: the same numbers).
        sign: -1.0 for the update with the wrong sign.
        strict: step(0) = 0.
        use_lr: False ignores lr (a step of 1).
        signed_labels: the {-1, +1} form of the rule used on 0/1 labels as they are.
    """
    w, b = np.zeros(X.shape[1]), 0.0
    rate = lr if use_lr else 1.0
    with np.errstate(all="ignore"):
        for _epoch in range(epochs):
            for x_i, y_i in zip(X, y, strict=True):
                z = float(x_i @ w) + b
                predicted = 1.0 if (z > 0.0 if strict else z >= 0.0) else 0.0
                if every_point:
                    delta = 2.0 * y_i - 1.0
                elif raw_error:
                    delta = y_i - z
                elif signed_labels:
                    delta = y_i if y_i * z <= 0.0 else 0.0
                else:
                    delta = y_i - predicted
                w = w + sign * rate * delta * x_i
                if bias:
                    b += sign * rate * delta
    return w, b


def rule_mistakes(
    X: np.ndarray, y: np.ndarray, lr: float, epochs: int, *, labels: bool = False
) -> list[Mistake]:
    """The known mistakes' final (w, b), packed as one vector [w..., b], with their hints.

    A mistake that ends where the rule itself ends, or where another mistake ends too, is
    left out: on these data it cannot be told apart, and a wrong hint is worse than none.
    `labels` adds the {-1, +1} rule used on 0/1 labels (what the checks compare against).
    """
    variants: list[tuple[str, dict[str, Any]]] = [
        (EVERY_POINT, {"every_point": True}),
        (RAW_ERROR, {"raw_error": True}),
        (NO_BIAS, {"bias": False}),
        (WRONG_SIGN, {"sign": -1.0}),
        (STRICT_STEP, {"strict": True}),
        (NO_LR, {"use_lr": False}),
        *([(SIGNED_LABELS, {"signed_labels": True})] if labels else []),
    ]
    ends = [np.append(*rule(X, y, lr, epochs, **options)) for _hint, options in variants]
    right = np.append(*rule(X, y, lr, epochs))

    def alike(a: np.ndarray, b: np.ndarray) -> bool:
        return bool(np.allclose(a, b, rtol=1e-9, atol=1e-12, equal_nan=True))

    return [
        Mistake(_(hint), end, rtol=1e-9, atol=1e-12)
        for (hint, _options), end in zip(variants, ends, strict=True)
        if not alike(end, right) and sum(alike(end, other) for other in ends) == 1
    ]


def trained(
    sub: Student, X: np.ndarray, y: Any, lr: float, epochs: int
) -> tuple[np.ndarray, float, np.ndarray]:
    """The student's train_perceptron(X, y, lr, epochs), each part checked for its type."""
    what = "train_perceptron"
    try:
        result = sub.call(what, X, y, lr, epochs)
    except StudentFailure as failure:
        if failure.fatal or not any(word in failure.message for word in SHAPE_WORDS):
            raise
        fail(
            _(
                "train_perceptron failed on X of shape {shape} ({error}): one weight per "
                "column of X, w = np.zeros(X.shape[1]), and one example per row, X[i] @ w + b"
            ).format(shape=X.shape, error=failure.describe())
        )
    w, b, mistakes = sequence(result, what, 3)
    if isinstance(w, np.ndarray) and w.ndim == 1 and w.shape != (X.shape[1],):
        fail(
            _(
                "train_perceptron's w has shape {got} for X of shape {shape}: one weight per "
                "column of X, w = np.zeros(X.shape[1])"
            ).format(got=w.shape, shape=X.shape)
        )
    w = array(w, _(TRAINED_W), (X.shape[1],))
    b = number(b, _("train_perceptron's b"))
    if isinstance(mistakes, list | tuple) and len(mistakes) < epochs:
        fail(
            _(
                "train_perceptron's mistakes has {got} entries for epochs={epochs}: run every "
                "epoch, even after one without mistakes (the weights then stay as they are)"
            ).format(got=len(mistakes), epochs=epochs)
        )
    return w, b, number_list(mistakes, _(TRAINED_MISTAKES), epochs)


TRAINED_W = N_("train_perceptron's w")
TRAINED_MISTAKES = N_("train_perceptron's mistakes")


def compare_run(
    sub: Student,
    ref: ModuleType,
    X: np.ndarray,
    y: np.ndarray,
    lr: float,
    epochs: int,
    given: str,
) -> tuple[np.ndarray, float, np.ndarray]:
    """train_perceptron's (w, b) and mistakes against the reference's, mistakes diagnosed."""
    w, b, mistakes = trained(sub, X, y, lr, epochs)
    want_w, want_b, want_mistakes = ref.train_perceptron(X, y, lr, epochs)
    close(
        np.append(w, b),
        np.append(want_w, want_b),
        _("train_perceptron's [w..., b]"),
        rtol=1e-9,
        atol=1e-12,
        mistakes=rule_mistakes(X, y, lr, epochs, labels=True),
        given=given,
    )
    want = np.asarray(want_mistakes, dtype=np.float64)
    close(
        mistakes,
        want,
        _(TRAINED_MISTAKES),
        mistakes=[
            Mistake(_(NOT_RESET), np.cumsum(want)),
            Mistake(
                _(
                    "it counts the examples classified correctly; count the wrong ones (the "
                    "updates) instead"
                ),
                len(y) - want,
            ),
        ],
        given=given,
    )
    return w, b, mistakes


def accuracy(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    """The fraction of rows that step(X @ w + b) classifies right.

    Computed here rather than with the reference's predict: the student edition replays the
    reference only on the inputs it recorded, and the student's w and b can be anything.
    """
    return float(np.mean((X @ w + b >= 0.0) == (y == 1.0)))


# ---- step and predict --------------------------------------------------------------------


@suite.check(points=1, title=N_("step: 1.0 where z >= 0, 0.0 below, z = 0 included"), public=True)
def step_values(sub: Student, rng: np.random.Generator) -> None:
    z = rng.standard_normal((3, 4)) * 3.0
    z.flat[rng.choice(z.size, 3, replace=False)] = [0.0, 1e-12, -1e-12]
    want = (z >= 0.0).astype(np.float64)
    close(
        sub.call("step", z),
        want,
        "step",
        mistakes=[
            Mistake(
                _(
                    "it returned 0.0 at z = 0 (z > 0): this workbook sends z = 0 to class 1, so "
                    "compare with z >= 0"
                ),
                (z > 0.0).astype(np.float64),
            ),
            Mistake(_("it returned the booleans' opposite: class 1 is z >= 0"), 1.0 - want),
            Mistake(_("it returned -1/+1; the classes here are 0.0 and 1.0"), 2.0 * want - 1.0),
        ],
        given=_("a (3, 4) batch including 0.0 and ±1e-12"),
    )


def predicted(sub: Student, X: np.ndarray, w: np.ndarray, b: float) -> Any:
    """The student's predict(X, w, b); X read as columns, or w made a column, is named."""
    n, d = X.shape
    try:
        got = sub.call("predict", X, w, b)
    except StudentFailure as failure:
        if failure.fatal or not any(word in failure.message for word in SHAPE_WORDS):
            raise
        fail(
            _(
                "predict failed on X of shape {shape} ({error}): X holds one example per row, "
                "shape (n, d) = ({n}, {d}), and w has shape (d,): z = X @ w + b (not w @ X)"
            ).format(shape=X.shape, error=failure.describe(), n=n, d=d)
        )
    if isinstance(got, np.ndarray) and got.shape == (n, 1):
        fail(
            _(
                "predict returned shape {got}; expected ({n},): w has shape (d,), so X @ w + b "
                "is already one number per row; keep w 1-D (no reshape to a column)"
            ).format(got=got.shape, n=n)
        )
    return got


@suite.check(points=1, title=N_("predict: step(X @ w + b) for a batch, (n,) classes"))
def predict_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d = int(rng.integers(8, 14)), int(rng.integers(2, 5))
    for _attempt in range(100):
        # Redrawn until the right classes, those without b and those of a threshold of 0.5
        # all differ from each other, so that each mistake shows and is told apart.
        X, w = rng.standard_normal((n, d)), rng.standard_normal(d)
        b = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5))
        z = X @ w + b
        right, no_bias, half = z >= 0.0, z - b >= 0.0, z >= 0.5
        if np.any(right != no_bias) and np.any(right != half) and np.any(no_bias != half):
            break
    close(
        predicted(sub, X, w, b),
        ref.predict(X, w, b),
        "predict",
        mistakes=[
            Mistake(
                _(
                    "it thresholds z at 0.5 (the habit from sigmoid outputs): the step's boundary "
                    "is z = 0"
                ),
                (z >= 0.5).astype(np.float64),
            ),
            Mistake(_("b is missing: the prediction is step(X @ w + b)"), (X @ w >= 0.0) * 1.0),
            Mistake(_("it returned z itself; apply the step to it"), z),
        ],
        given=_("X of shape ({n}, {d})").format(n=n, d=d),
    )
    # A row of zeros with b = 0 sits exactly on the boundary: the step sends it to class 1.
    X[0] = 0.0
    close(
        predicted(sub, X, w, 0.0),
        ref.predict(X, w, 0.0),
        "predict",
        mistakes=[Mistake(_(STRICT_STEP), (X @ w > 0.0) * 1.0)],
        given=_("b = 0 and a first row of zeros (z = 0 exactly)"),
    )


# ---- the learning rule ---------------------------------------------------------------------


@suite.check(
    points=2,
    title=N_("two epochs on AND from w = 0, b = 0 (lr = 0.5) match the rule worked by hand"),
    public=True,
)
def and_by_hand(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Epoch 1: (0,0) is predicted 1 (z = 0), b -> -0.5; (1,1) is predicted 0, w -> (0.5, 0.5),
    # b -> 0. Epoch 2: (0,0) again, b -> -0.5; (0,1) predicted 1, w -> (0.5, 0), b -> -1;
    # (1,1) predicted 0, w -> (1, 0.5), b -> -0.5. Mistakes: 2, then 3. With lr = 0.5 every
    # known mistake ends somewhere else (with lr = 1, ignoring lr would go unnoticed).
    X, y = INPUTS, GATES["AND"]
    compare_run(sub, ref, X, y, 0.5, 2, _("the AND truth table, lr = 0.5, epochs = 2"))


@suite.check(
    points=2,
    title=N_("AND, OR and NAND reach 4/4 within 10 epochs, and stay there"),  # 10 = BUDGET
    public=True,
)
def gates_learned(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    lr = float(rng.choice([0.25, 0.5, 1.0, 2.0]))
    for gate in ("AND", "OR", "NAND"):
        X, y = INPUTS, GATES[gate]
        w, b, mistakes = trained(sub, X, y, lr, BUDGET)
        right = accuracy(X, y, w, b)
        if right < 1.0:
            close(
                np.append(w, b),
                np.append(*ref.train_perceptron(X, y, lr, BUDGET)[:2]),
                _("train_perceptron on {gate}").format(gate=gate),
                mistakes=rule_mistakes(X, y, lr, BUDGET, labels=True),
            )
            fail(
                _(
                    "after {budget} epochs on {gate} (lr = {lr:g}) your w and b classify "
                    "{right}/4 rows correctly; the rule learns {gate} in at most 5 epochs from "
                    "w = 0 and b = 0"
                ).format(budget=BUDGET, gate=gate, lr=lr, right=round(4 * right))
            )
        if mistakes[-1] != 0:
            fail(
                _(
                    "train_perceptron's mistakes reports {count:g} in the last epoch on {gate}, "
                    "yet its w and b classify all four rows correctly: count only that epoch's "
                    "updates, starting from 0 each epoch"
                ).format(count=mistakes[-1], gate=gate)
            )


@suite.check(
    points=1,
    title=N_("XOR is never learned: no epoch ends at 4/4 and every epoch makes mistakes"),
    public=True,
)
def xor_never_learned(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    X, y = INPUTS, GATES["XOR"]
    lr = float(rng.choice([0.5, 1.0]))
    for epochs in (1, 2, 3, 5):
        w, b, _counts = trained(sub, X, y, lr, epochs)
        if accuracy(X, y, w, b) == 1.0:  # cannot happen for any w and b: a guard, not a diagnosis
            fail(
                _("after {epochs} epochs train_perceptron's w and b classify XOR perfectly").format(
                    epochs=epochs
                )
            )
    w, b, mistakes = compare_run(sub, ref, X, y, lr, 12, f"XOR, lr = {lr:g}, epochs = 12")
    if np.any(mistakes == 0):
        fail(
            _(
                "train_perceptron's mistakes reports an epoch without mistakes on XOR, but no "
                "line separates XOR: every epoch gets at least one row wrong"
            )
        )


@suite.check(points=2, title=N_("random separable data in 2-5 dimensions, random lr"))
def random_separable(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d = int(rng.integers(10, 21)), int(rng.integers(2, 5))
    normal = rng.standard_normal(d)
    X = rng.standard_normal((n, d)) * 2.0
    margin = X @ normal + 0.5
    X, margin = X[np.abs(margin) > 0.3], margin[np.abs(margin) > 0.3]
    y = (margin > 0.0).astype(np.int64)  # integer labels are labels too
    lr = float(rng.uniform(0.1, 2.0))
    epochs = int(rng.integers(3, 9))
    given = _("{n} points in {d} dimensions, lr = {lr:.3g}, epochs = {epochs}").format(
        n=len(y), d=d, lr=lr, epochs=epochs
    )
    compare_run(sub, ref, X, y, lr, epochs, given)
    # Five columns as well, so that code written for the two-input gates shows.
    normal = rng.standard_normal(5)
    X = rng.standard_normal((n, 5)) * 2.0
    X = X[np.abs(X @ normal + 0.5) > 0.3]
    five_columns = _("{n} points in 5 dimensions, lr = {lr:.3g}")
    y = (X @ normal + 0.5 > 0.0).astype(np.int64)
    compare_run(sub, ref, X, y, lr, epochs, five_columns.format(n=len(y), lr=lr))
