"""Hidden checks for exercise 7.3: stable logsumexp and softmax, categorical cross-entropy.

Oracles are the reference solution and NumPy formulas written here; known mistakes
(no max subtraction, a global max, wrong axis or keepdims, sum instead of mean, the
binary cross-entropy formula, no eps) are computed here and matched against the answer.
Both functions must take any shape and axis: one written for a (n, k) batch (``[:, None]``)
is named as such, and so are defaults other than the signature's (axis=-1, keepdims=False,
eps=1e-15), told apart from an ignored argument by a second call that passes it.
The docstring promises soft targets too (label smoothing), so cross-entropy is also
asked of rows that are not one-hot, where picking log(y_pred) at argmax(y_true) is wrong.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, not_finite, number
from grader.checks.reference import reference
from grader.isolation.runner import StudentFailure

if TYPE_CHECKING:
    from solutions.week17 import ex7_3_softmax as ref
else:
    ref = reference("week17.ex7_3_softmax")

suite = Suite("7.3")

SUBTRACT_MAX = "subtract the max first: exp(z - z.max(axis=axis, keepdims=True))"
SOFTMAX_OVERFLOW = (
    "softmax returned nan for logits of 1000; subtract the max first. exp(1000) overflows "
    "to inf and inf / inf = nan; shifting every logit by the row max leaves softmax unchanged"
)
LSE_OVERFLOW = (
    "logsumexp returned inf or -inf for logits of ±1000: exp overflowed (or underflowed "
    "to 0). Subtract the max first and add it back: m + log(sum(exp(z - m)))"
)
CLIP = (
    "categorical_cross_entropy returned inf or nan when a predicted probability is exactly 0 "
    "(log(0) = -inf, and 0 * -inf = nan). Clip y_pred to [eps, 1] before the log: "
    "np.clip(y_pred, eps, 1.0)"
)
BINARY = (
    "it uses the binary cross-entropy formula (with a (1 - y) * log(1 - p) term). "
    "Categorical cross-entropy for one-hot targets is -sum(y_true * log(y_pred)) per "
    "example, averaged over the batch"
)


def with_errors_ignored(function: Any, *args: Any) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(function(*args), dtype=np.float64)


def naive_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(z)
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def global_max_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(z - np.max(z))
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def whole_array_softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z))
    return np.asarray(e / np.sum(e))


def unnormalised_softmax(z: np.ndarray, axis: int) -> np.ndarray:
    return np.asarray(np.exp(z - np.max(z, axis=axis, keepdims=True)))


def softmax_mistakes(z: np.ndarray, axis: int) -> list[Mistake]:
    if axis in (-1, z.ndim - 1):
        wrong_axis = Mistake(
            f"it normalises over axis 0 (the batch) instead of the class axis {axis}: take "
            "the max and the sum along `axis`, with keepdims=True",
            ref.softmax(z, axis=0),
        )
    else:
        wrong_axis = Mistake(
            f"it ignored its axis argument and used the last axis; pass axis={axis} to "
            "np.max and np.sum",
            ref.softmax(z, axis=-1),
        )
    return [
        wrong_axis,
        Mistake(
            "it normalises over the whole array, so only the grand total is 1: sum along "
            "`axis` with keepdims=True so every slice sums to 1",
            whole_array_softmax(z),
        ),
        Mistake(
            "it forgot to divide by the sum of the exponentials", unnormalised_softmax(z, axis)
        ),
        Mistake(
            "it subtracted the max of the whole array; a row whose logits all lie far below "
            "it underflows to 0 / 0 = nan. Subtract each row's own max (keepdims=True)",
            with_errors_ignored(global_max_softmax, z, axis),
        ),
        Mistake(SOFTMAX_OVERFLOW, with_errors_ignored(naive_softmax, z, axis)),
        Mistake(SOFTMAX_OVERFLOW, test=not_finite),
    ]


def lse(z: np.ndarray, axis: int | None, keepdims: bool) -> np.ndarray:
    """Oracle: log-sum-exp with the max pulled out (axis None reduces everything)."""
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.asarray(out if keepdims else np.squeeze(out, axis=axis))


def lse_shape(shape: tuple[int, ...], axis: int, keepdims: bool) -> tuple[int, ...]:
    axis = axis % len(shape)
    if keepdims:
        return shape[:axis] + (1,) + shape[axis + 1 :]
    return shape[:axis] + shape[axis + 1 :]


def diagnose_lse_shape(got: np.ndarray, z: np.ndarray, axis: int, keepdims: bool) -> None:
    """Explain a logsumexp result of the wrong shape: keepdims, squeeze or axis mix-ups."""
    want = lse_shape(z.shape, axis, keepdims)
    if got.shape == want:
        return
    what = f"logsumexp(z, axis={axis}, keepdims={keepdims}) on z of shape {z.shape}"
    if keepdims and got.shape == lse_shape(z.shape, axis, False):
        fail(
            f"{what} dropped the reduced axis; with keepdims=True it stays, with length 1 "
            f"(shape {want})"
        )
    if not keepdims and got.shape == lse_shape(z.shape, axis, True):
        fail(
            f"{what} kept the reduced axis as length 1 although keepdims=False; squeeze "
            "it: np.squeeze(out, axis=axis)"
        )
    if not keepdims and got.shape == tuple(n for n in want if n != 1):
        fail(
            f"{what} returned shape {got.shape}, not {want}: np.squeeze(out) without axis= "
            "also dropped other length-1 axes; squeeze only the reduced one: "
            "np.squeeze(out, axis=axis)"
        )
    if got.shape == ():
        fail(f"{what} reduced the whole array to one number; reduce only along `axis`")
    for other in range(z.ndim):
        if other != axis % z.ndim and got.shape == lse_shape(z.shape, other, keepdims):
            fail(
                f"{what} reduced axis {other} instead of axis {axis}: pass `axis` through "
                "to np.max and np.sum"
            )
    fail(f"{what} returned shape {got.shape}; expected {want}")


LSE_GLOBAL_MAX = (
    "it subtracts the max of the whole array instead of the max along `axis`: a slice whose "
    "logits all lie far below that max underflows to log(0) = -inf. Take "
    "m = np.max(z, axis=axis, keepdims=True)"
)


def global_max_lse(z: np.ndarray, axis: int, keepdims: bool) -> np.ndarray:
    """log-sum-exp shifted by the global max (the max of every entry): a known mistake."""
    m = np.max(z)
    with np.errstate(all="ignore"):
        out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.asarray(out if keepdims else np.squeeze(out, axis=axis))


def lse_mistakes(z: np.ndarray, axis: int, keepdims: bool) -> list[Mistake]:
    m = np.max(z, axis=axis, keepdims=True)
    shifted = np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    no_max_back = shifted if keepdims else np.squeeze(shifted, axis=axis)
    global_max = global_max_lse(z, axis, keepdims)
    return [
        *([Mistake(LSE_GLOBAL_MAX, global_max)] if not np.all(np.isfinite(global_max)) else []),
        Mistake(
            "it forgot to add the max back: logsumexp(z) = m + log(sum(exp(z - m)))", no_max_back
        ),
        Mistake(
            "it returned sum(exp(z)) without the log",
            with_errors_ignored(lambda: np.exp(lse(z, axis, keepdims))),
        ),
        Mistake(LSE_OVERFLOW, test=not_finite),
    ]


def check_lse(sub: Student, z: np.ndarray, **kwargs: Any) -> None:
    axis = int(kwargs.get("axis", -1))
    keepdims = bool(kwargs.get("keepdims", False))
    args = ", ".join(f"{key}={value}" for key, value in kwargs.items())
    what = f"logsumexp(z{', ' if args else ''}{args})"
    got = array(any_shape(sub, "logsumexp", z, **kwargs), what)
    lse_defaults(sub, z, got, kwargs)
    diagnose_lse_shape(got, z, axis, keepdims)
    close(
        got,
        lse(z, axis, keepdims),
        what,
        mistakes=lse_mistakes(z, axis, keepdims),
        context=f"for z of shape {z.shape}",
    )


def any_shape(sub: Student, name: str, z: np.ndarray, **kwargs: Any) -> Any:
    """`name`(z, **kwargs); one that only works on a (n, k) batch's last axis is named."""
    try:
        return sub.call(name, z, **kwargs)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        batch = z.reshape(-1, z.shape[-1]) if z.ndim > 2 else np.atleast_2d(z)
        try:
            sub.call(name, batch, axis=-1)
        except StudentFailure as again:
            if again.fatal:
                raise
            raise failure from None
        axis = kwargs.get("axis", -1)
        fail(
            f"{name} works on a 2-D batch along its last axis but failed on z of shape "
            f"{z.shape} with axis={axis} ({failure.describe()}); the docstring accepts any "
            "shape and axis: keep the reduced axis with keepdims=True (np.max(z, axis=axis, "
            "keepdims=True)) instead of adding it back with [:, None]"
        )


def lse_defaults(sub: Student, z: np.ndarray, got: np.ndarray, kwargs: dict[str, Any]) -> None:
    """A logsumexp called without axis or keepdims: name a default other than the signature's.

    It is a wrong default only if passing the argument explicitly gives the right shape.
    """
    axis, keepdims = int(kwargs.get("axis", -1)), bool(kwargs.get("keepdims", False))
    if got.shape == lse_shape(z.shape, axis, keepdims):
        return
    given = ", ".join(f"{key}={value}" for key, value in kwargs.items())
    what = f"logsumexp(z{', ' if given else ''}{given})"
    for name, value in (("axis", axis), ("keepdims", keepdims)):
        if name in kwargs:
            continue
        explicit = sub.call("logsumexp", z, **{**kwargs, name: value})
        if isinstance(explicit, np.ndarray | float) and np.shape(explicit) == lse_shape(
            z.shape, axis, keepdims
        ):
            shown = (
                "axis=-1 (the last axis), as in the signature (scipy's logsumexp defaults "
                "to axis=None)"
                if name == "axis"
                else "keepdims=False, as in the signature"
            )
            fail(
                f"{what} on z of shape {z.shape} returned shape {got.shape}, but with "
                f"{name}={value} passed it is right: the default is {shown}"
            )


def softmax_default(sub: Student, z: np.ndarray, what: str) -> Any:
    """softmax(z) without an axis; a default other than -1 is named (explicit -1 is right)."""
    got = any_shape(sub, "softmax", z)
    want = ref.softmax(z)
    if isinstance(got, np.ndarray) and got.shape == z.shape and np.allclose(got, want):
        return got
    explicit = sub.call("softmax", z, axis=-1)
    if isinstance(explicit, np.ndarray) and explicit.shape == z.shape:
        if np.allclose(explicit, want):
            fail(
                f"{what}: softmax(z) without an axis must use the default axis=-1 (the class "
                "axis); it is right when axis=-1 is passed, so fix the signature's default"
            )
    return got


# The eps of other libraries and habits (Keras uses 1e-7), instead of the signature's 1e-15.
OTHER_EPS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12)


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    return np.asarray(np.eye(k)[labels], dtype=np.float64)


def eps_added(y: np.ndarray, p: np.ndarray) -> list[Mistake]:
    """log(y_pred + c) for the constants students use, instead of clipping with eps.

    Also summed over the batch instead of averaged (a textbook form writes both).
    """
    mistakes = []
    for eps in (1e-7, 1e-8, 1e-9, 1e-10, 1e-12):
        hint = (
            f"it adds {eps:g} inside the log (log(y_pred + {eps:g})) instead of clipping with "
            "the eps argument; that shifts every loss a little and a probability of 0 costs "
            f"-log({eps:g}). Use np.log(np.clip(y_pred, eps, 1.0))"
        )
        per_example = -np.sum(y * np.log(p + eps), axis=1)
        mistakes += [
            Mistake(hint, float(np.mean(per_example)), rtol=1e-9),
            Mistake(
                f"{hint}; and it sums over the batch: average over the examples instead",
                float(np.sum(per_example)),
                rtol=1e-9,
            ),
        ]
    return mistakes


def cce_mistakes(y: np.ndarray, p: np.ndarray, want: float) -> list[Mistake]:
    n, k = y.shape
    q = np.clip(p, 1e-15, 1.0 - 1e-15)
    binary = -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))
    return [
        *eps_added(y, p),
        Mistake(
            "it returns the sum over the batch; return the mean over the n examples "
            "(sum over classes, then np.mean over rows)",
            want * n,
        ),
        Mistake(
            "it averages over the classes as well (np.mean of the whole array); sum over "
            "the classes (axis=1), then average over the examples only",
            want / k,
        ),
        Mistake(BINARY, float(np.mean(np.sum(binary, axis=1))), rtol=1e-6),
        Mistake(BINARY, float(np.mean(binary)), rtol=1e-6),
        Mistake(BINARY, float(np.sum(binary)), rtol=1e-6),
        Mistake("the loss came out negative: put a minus sign in front (log p <= 0)", -want),
        Mistake(
            "it applies softmax to y_pred, which are already probabilities (each row sums to "
            "1): take the log of the clipped y_pred itself, np.log(np.clip(y_pred, eps, 1.0))",
            float(-np.mean(np.sum(y * np.log(np.clip(ref.softmax(p), 1e-15, 1.0)), axis=1))),
            rtol=1e-9,
        ),
        Mistake(CLIP, test=not_finite),
    ]


def cce(sub: Student, y: np.ndarray, p: np.ndarray, what: str, **kwargs: Any) -> float:
    return number(sub.call("categorical_cross_entropy", y, p, **kwargs), what)


@suite.check(
    points=1, title="seed check: softmax([[10, 0, -10]]) sums to 1, peaks at 0", public=True
)
def seed_softmax(sub: Student, rng: np.random.Generator) -> None:
    z = np.array([[10.0, 0.0, -10.0]])
    close(
        softmax_default(sub, z, "softmax([[10, 0, -10]])"),
        ref.softmax(z),
        "softmax([[10, 0, -10]])",
        mistakes=softmax_mistakes(z, -1),
    )


@suite.check(
    points=1, title="seed check: loss_good < loss_bad for y_true = [[1, 0, 0]]", public=True
)
def seed_loss_order(sub: Student, rng: np.random.Generator) -> None:
    # The seed only asserts the order; the values must also be right (-log 0.9, -log 0.4).
    y = np.array([[1.0, 0.0, 0.0]])
    losses = []
    for row in ([0.9, 0.05, 0.05], [0.4, 0.3, 0.3]):
        p = np.array([row])
        what = f"categorical_cross_entropy([[1, 0, 0]], [{row}])"
        want = ref.categorical_cross_entropy(y, p)
        got = cce(sub, y, p, what)
        close(got, want, what, mistakes=cce_mistakes(y, p, want))
        losses.append(got)
    if not losses[0] < losses[1]:
        fail("the loss must decrease when the correct class's probability goes up")


@suite.check(points=1, title="softmax over the class axis of a random batch, any axis")
def softmax_values(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(5, 9)), int(rng.integers(3, 5))
    z = rng.standard_normal((n, k)) * 3.0
    close(
        softmax_default(sub, z, "softmax(z)"),
        ref.softmax(z),
        "softmax(z)",
        mistakes=softmax_mistakes(z, -1),
        context=f"for z of shape {z.shape}",
    )
    z3 = rng.standard_normal((int(rng.integers(2, 4)), 5, 4)) * 2.0
    for axis in (0, 1):
        close(
            any_shape(sub, "softmax", z3, axis=axis),
            ref.softmax(z3, axis=axis),
            f"softmax(z, axis={axis})",
            mistakes=softmax_mistakes(z3, axis),
            context=f"for z of shape {z3.shape}",
        )
    # One example's logits, a vector: "any shape" includes 1-D.
    v = rng.standard_normal(int(rng.integers(3, 6))) * 3.0
    close(
        any_shape(sub, "softmax", v),
        ref.softmax(v),
        "softmax(z) for a 1-D z",
        mistakes=softmax_mistakes(v, -1)[1:],
        context=f"for z of shape {v.shape}",
    )


@suite.check(points=1, title="softmax and logsumexp stay finite for logits of ±1000", public=True)
def stable_for_large_logits(sub: Student, rng: np.random.Generator) -> None:
    k = int(rng.integers(4, 7))
    rows = [
        1000.0 - rng.random(k) * 3.0,
        -1000.0 - rng.random(k) * 3.0,
        rng.permutation(np.r_[1000.0, -1000.0, rng.standard_normal(k - 2)]),
        rng.standard_normal(k),
    ]
    z = np.stack([rows[i] for i in rng.permutation(len(rows))])
    close(
        softmax_default(sub, z, "softmax(z)"),
        ref.softmax(z),
        "softmax(z)",
        mistakes=softmax_mistakes(z, -1),
        context="for logits of ±1000",
    )
    want = lse(z, -1, False)
    got = array(sub.call("logsumexp", z), "logsumexp(z)")
    lse_defaults(sub, z, got, {})
    diagnose_lse_shape(got, z, -1, False)
    close(
        got,
        want,
        "logsumexp(z)",
        mistakes=[
            Mistake(LSE_GLOBAL_MAX, global_max_lse(z, -1, False)),
            Mistake(LSE_OVERFLOW, with_errors_ignored(lambda: np.log(np.sum(np.exp(z), axis=-1)))),
            *lse_mistakes(z, -1, False),
        ],
        context="for logits of ±1000",
    )


@suite.check(points=2, title="logsumexp along every axis of a 3-D array, with/without keepdims")
def logsumexp_axes(sub: Student, rng: np.random.Generator) -> None:
    shape = (int(rng.integers(2, 4)), int(rng.integers(4, 6)), int(rng.integers(6, 8)))
    z = rng.standard_normal(shape) * 3.0
    for axis in (0, 1, 2, -1, -2):
        for keepdims in (False, True):
            check_lse(sub, z, axis=axis, keepdims=keepdims)
    check_lse(sub, rng.standard_normal((int(rng.integers(5, 8)), 3)) * 3.0)
    # A length-1 axis that is not reduced must survive keepdims=False.
    check_lse(sub, rng.standard_normal((1, shape[1], shape[2])), axis=-1, keepdims=False)
    # One example's logits, a vector: its log-sum-exp is a single number.
    check_lse(sub, rng.standard_normal(int(rng.integers(3, 6))) * 3.0)


@suite.check(points=1, title="categorical_cross_entropy is the batch mean on random one-hots")
def cross_entropy_values(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(6, 10)), int(rng.integers(3, 5))
    y = one_hot(rng.integers(0, k, n), k)
    p = ref.softmax(rng.standard_normal((n, k)) * 2.0)
    want = ref.categorical_cross_entropy(y, p)
    what = "categorical_cross_entropy(y_true, y_pred)"
    close(
        cce(sub, y, p, what),
        want,
        what,
        mistakes=cce_mistakes(y, p, want),
        context=f"for a batch of {n} examples and {k} classes",
    )


@suite.check(points=1, title="categorical_cross_entropy is finite when y_pred has zeros")
def cross_entropy_zeros(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(5, 8)), int(rng.integers(3, 5))
    labels = rng.integers(0, k, n)
    y = one_hot(labels, k)
    p = ref.softmax(rng.standard_normal((n, k)) * 2.0)
    # Zeros off the target in every other row, and one row that gives the target 0.
    for i in range(0, n, 2):
        p[i, (labels[i] + 1) % k] = 0.0
    wrong = int(rng.integers(n))
    p[wrong] = 1.0 - y[wrong]
    p /= p.sum(axis=1, keepdims=True)
    want = ref.categorical_cross_entropy(y, p)
    what = "categorical_cross_entropy(y_true, y_pred)"
    other_eps = [
        Mistake(
            f"it clips with eps = {eps:g} instead of the eps argument (default 1e-15): use "
            "np.clip(y_pred, eps, 1.0)",
            ref.categorical_cross_entropy(y, p, eps=eps),
            rtol=1e-9,
        )
        for eps in OTHER_EPS
    ]
    got = cce(sub, y, p, what)
    for mistake, eps in zip(other_eps, OTHER_EPS, strict=True):
        if not np.isclose(got, want, rtol=1e-6, atol=1e-9) and mistake.matches(np.asarray(got)):
            if np.isclose(cce(sub, y, p, what, eps=1e-15), want, rtol=1e-6, atol=1e-9):
                fail(
                    f"{what}: the default eps is {eps:g}; the signature's default is "
                    "eps=1e-15 (it is right when eps=1e-15 is passed), so fix the default"
                )
    close(
        got,
        want,
        what,
        mistakes=[*other_eps, *cce_mistakes(y, p, want)],
        context="when some predicted probabilities are exactly 0",
    )


@suite.check(points=1, title="categorical_cross_entropy with soft (label-smoothed) targets")
def cross_entropy_soft_targets(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(5, 9)), int(rng.integers(3, 6))
    smoothing = float(rng.uniform(0.1, 0.3))
    y = one_hot(rng.integers(0, k, n), k) * (1.0 - smoothing) + smoothing / k
    p = ref.softmax(rng.standard_normal((n, k)) * 2.0)
    want = ref.categorical_cross_entropy(y, p)
    picked = p[np.arange(n), np.argmax(y, axis=1)]
    what = "categorical_cross_entropy(y_true, y_pred)"
    close(
        cce(sub, y, p, what),
        want,
        what,
        mistakes=[
            Mistake(
                "it only reads y_pred at argmax(y_true); with soft targets (rows like "
                "[0.9, 0.05, 0.05]) every class counts: -sum(y_true * log(y_pred), axis=1)",
                float(-np.mean(np.log(picked))),
                rtol=1e-9,
            ),
            *cce_mistakes(y, p, want),
        ],
        context=f"for soft targets (label smoothing {smoothing:.2f})",
        given=f"y_true[0] = {np.round(y[0], 3).tolist()}, y_pred[0] = {np.round(p[0], 3).tolist()}",
    )
