"""Hidden checks for exercise 7.3: stable logsumexp and softmax, categorical cross-entropy.

Oracles are the reference solution and NumPy formulas; the known mistakes of softmax,
log-sum-exp and cross-entropy (no max subtraction, a global max, wrong axis, sum instead of
mean, the binary cross-entropy formula, no eps) come from the shared catalogue
`grader/checks/diagnosis/softmax.py` (mlp-forward uses it too); the shape mistakes
(keepdims, squeeze) and the defaults are named here.
Both functions must take any shape and axis: one written for a (n, k) batch (``[:, None]``)
is named as such, and so are defaults other than the signature's (axis=-1, keepdims=False,
eps=1e-15), told apart from an ignored argument by a second call that passes it.
The docstring promises soft targets too (label smoothing), so cross-entropy is also
asked of rows that are not one-hot, where picking log(y_pred) at argmax(y_true) is wrong.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis import softmax as diagnosis
from grader.checks.diagnosis.softmax import (
    DEFAULT_AXIS,
    cross_entropy_mistakes,
    logsumexp_mistakes,
    softmax_mistakes,
)
from grader.checks.expect import array, close, fail, number
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("7.3")


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
    what = _("logsumexp(z, axis={axis}, keepdims={keepdims}) on z of shape {shape}").format(
        axis=axis, keepdims=keepdims, shape=z.shape
    )
    if keepdims and got.shape == lse_shape(z.shape, axis, False):
        fail(
            _(
                "{what} dropped the reduced axis; with keepdims=True it stays, with length 1 "
                "(shape {want})"
            ).format(what=what, want=want)
        )
    if not keepdims and got.shape == lse_shape(z.shape, axis, True):
        fail(
            _(
                "{what} kept the reduced axis as length 1 although keepdims=False; squeeze "
                "it: np.squeeze(out, axis=axis)"
            ).format(what=what)
        )
    if not keepdims and got.shape == tuple(n for n in want if n != 1):
        fail(
            _(
                "{what} returned shape {got}, not {want}: np.squeeze(out) without axis= "
                "also dropped other length-1 axes; squeeze only the reduced one: "
                "np.squeeze(out, axis=axis)"
            ).format(what=what, got=got.shape, want=want)
        )
    if got.shape == ():
        fail(
            _("{what} reduced the whole array to one number; reduce only along `axis`").format(
                what=what
            )
        )
    for other in range(z.ndim):
        if other != axis % z.ndim and got.shape == lse_shape(z.shape, other, keepdims):
            fail(
                _(
                    "{what} reduced axis {other} instead of axis {axis}: pass `axis` through "
                    "to np.max and np.sum"
                ).format(what=what, other=other, axis=axis)
            )
    fail(
        _("{what} returned shape {got}; expected {want}").format(
            what=what, got=got.shape, want=want
        )
    )


def shape_context(z: np.ndarray) -> str:
    return _("for z of shape {shape}").format(shape=z.shape)


def lse_call(kwargs: dict[str, Any]) -> str:
    """How a logsumexp call is shown: ``logsumexp(z, axis=0, keepdims=True)``."""
    return (
        "logsumexp(" + ", ".join(["z", *(f"{key}={value}" for key, value in kwargs.items())]) + ")"
    )


def check_lse(sub: Student, z: np.ndarray, **kwargs: Any) -> None:
    axis = int(kwargs.get("axis", -1))
    keepdims = bool(kwargs.get("keepdims", False))
    what = lse_call(kwargs)
    got = array(any_shape(sub, "logsumexp", z, **kwargs), what)
    lse_defaults(sub, z, got, kwargs)
    diagnose_lse_shape(got, z, axis, keepdims)
    close(
        got,
        diagnosis.logsumexp(z, axis, keepdims),
        what,
        mistakes=logsumexp_mistakes(z, axis, keepdims),
        context=shape_context(z),
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
        fail(
            _(
                "{name} works on a 2-D batch along its last axis but failed on z of shape "
                "{shape} with axis={axis} ({error}); the docstring accepts any shape and axis: "
                "keep the reduced axis with keepdims=True (np.max(z, axis=axis, keepdims=True)) "
                "instead of adding it back with [:, None]"
            ).format(
                name=name, shape=z.shape, axis=kwargs.get("axis", -1), error=failure.describe()
            )
        )


AXIS_DEFAULT = N_(
    "axis=-1 (the last axis), as in the signature (scipy's logsumexp defaults to axis=None)"
)
KEEPDIMS_DEFAULT = N_("keepdims=False, as in the signature")
DEFAULTS = {"axis": AXIS_DEFAULT, "keepdims": KEEPDIMS_DEFAULT}


def lse_defaults(sub: Student, z: np.ndarray, got: np.ndarray, kwargs: dict[str, Any]) -> None:
    """A logsumexp called without axis or keepdims: name a default other than the signature's.

    It is a wrong default only if passing the argument explicitly gives the right shape.
    """
    axis, keepdims = int(kwargs.get("axis", -1)), bool(kwargs.get("keepdims", False))
    if got.shape == lse_shape(z.shape, axis, keepdims):
        return
    for name, value in (("axis", axis), ("keepdims", keepdims)):
        if name in kwargs:
            continue
        explicit = sub.call("logsumexp", z, **{**kwargs, name: value})
        if isinstance(explicit, np.ndarray | float) and np.shape(explicit) == lse_shape(
            z.shape, axis, keepdims
        ):
            fail(
                _(
                    "{what} on z of shape {shape} returned shape {got}, but with "
                    "{name}={value} passed it is right: the default is {default}"
                ).format(
                    what=lse_call(kwargs),
                    shape=z.shape,
                    got=got.shape,
                    name=name,
                    value=value,
                    default=_(DEFAULTS[name]),
                )
            )


def softmax_default(sub: Student, z: np.ndarray, what: str) -> Any:
    """softmax(z) without an axis; a default other than -1 is named (explicit -1 is right)."""
    got = any_shape(sub, "softmax", z)
    want = diagnosis.softmax(z)
    if isinstance(got, np.ndarray) and got.shape == z.shape and np.allclose(got, want):
        return got
    explicit = sub.call("softmax", z, axis=-1)
    if isinstance(explicit, np.ndarray) and explicit.shape == z.shape:
        if np.allclose(explicit, want):
            fail(f"{what}: {_(DEFAULT_AXIS)}")
    return got


# The eps of other libraries and habits (Keras uses 1e-7), instead of the signature's 1e-15.
OTHER_EPS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12)


def one_hot(labels: np.ndarray, k: int) -> np.ndarray:
    return np.asarray(np.eye(k)[labels], dtype=np.float64)


def cce(sub: Student, y: np.ndarray, p: np.ndarray, what: str, **kwargs: Any) -> float:
    return number(sub.call("categorical_cross_entropy", y, p, **kwargs), what)


CCE = "categorical_cross_entropy(y_true, y_pred)"


@suite.check(
    points=1, title=N_("seed check: softmax([[10, 0, -10]]) sums to 1, peaks at 0"), public=True
)
def seed_softmax(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = np.array([[10.0, 0.0, -10.0]])
    close(
        softmax_default(sub, z, "softmax([[10, 0, -10]])"),
        ref.softmax(z),
        "softmax([[10, 0, -10]])",
        mistakes=softmax_mistakes(z, -1),
    )


@suite.check(
    points=1, title=N_("seed check: loss_good < loss_bad for y_true = [[1, 0, 0]]"), public=True
)
def seed_loss_order(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # The seed only asserts the order; the values must also be right (-log 0.9, -log 0.4).
    y = np.array([[1.0, 0.0, 0.0]])
    losses = []
    for row in ([0.9, 0.05, 0.05], [0.4, 0.3, 0.3]):
        p = np.array([row])
        what = f"categorical_cross_entropy([[1, 0, 0]], [{row}])"
        want = ref.categorical_cross_entropy(y, p)
        got = cce(sub, y, p, what)
        close(got, want, what, mistakes=cross_entropy_mistakes(y, p, want))
        losses.append(got)
    if not losses[0] < losses[1]:
        fail(_("the loss must decrease when the correct class's probability goes up"))


@suite.check(points=1, title=N_("softmax over the class axis of a random batch, any axis"))
def softmax_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, k = int(rng.integers(5, 9)), int(rng.integers(3, 5))
    z = rng.standard_normal((n, k)) * 3.0
    close(
        softmax_default(sub, z, "softmax(z)"),
        ref.softmax(z),
        "softmax(z)",
        mistakes=softmax_mistakes(z, -1),
        context=shape_context(z),
    )
    z3 = rng.standard_normal((int(rng.integers(2, 4)), 5, 4)) * 2.0
    for axis in (0, 1):
        close(
            any_shape(sub, "softmax", z3, axis=axis),
            ref.softmax(z3, axis=axis),
            f"softmax(z, axis={axis})",
            mistakes=softmax_mistakes(z3, axis),
            context=shape_context(z3),
        )
    # One example's logits, a vector: "any shape" includes 1-D.
    v = rng.standard_normal(int(rng.integers(3, 6))) * 3.0
    close(
        any_shape(sub, "softmax", v),
        ref.softmax(v),
        _("softmax(z) for a 1-D z"),
        mistakes=softmax_mistakes(v, -1),
        context=shape_context(v),
    )


LARGE_LOGITS = N_("for logits of ±1000")


@suite.check(
    points=1, title=N_("softmax and logsumexp stay finite for logits of ±1000"), public=True
)
def stable_for_large_logits(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
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
        context=_(LARGE_LOGITS),
    )
    got = array(sub.call("logsumexp", z), "logsumexp(z)")
    lse_defaults(sub, z, got, {})
    diagnose_lse_shape(got, z, -1, False)
    close(
        got,
        diagnosis.logsumexp(z, -1, False),
        "logsumexp(z)",
        mistakes=logsumexp_mistakes(z, -1, False),
        context=_(LARGE_LOGITS),
    )


@suite.check(points=2, title=N_("logsumexp along every axis of a 3-D array, with/without keepdims"))
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


@suite.check(points=1, title=N_("categorical_cross_entropy is the batch mean on random one-hots"))
def cross_entropy_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, k = int(rng.integers(6, 10)), int(rng.integers(3, 5))
    y = one_hot(rng.integers(0, k, n), k)
    p = ref.softmax(rng.standard_normal((n, k)) * 2.0)
    want = ref.categorical_cross_entropy(y, p)
    close(
        cce(sub, y, p, CCE),
        want,
        CCE,
        mistakes=cross_entropy_mistakes(y, p, want),
        context=_("for a batch of {n} examples and {k} classes").format(n=n, k=k),
    )


@suite.check(points=1, title=N_("categorical_cross_entropy is finite when y_pred has zeros"))
def cross_entropy_zeros(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
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
    other_eps = [
        Mistake(
            _(
                "it clips with eps = {eps:g} instead of the eps argument (default 1e-15): use "
                "np.clip(y_pred, eps, 1.0)"
            ).format(eps=eps),
            ref.categorical_cross_entropy(y, p, eps=eps),
            rtol=1e-9,
        )
        for eps in OTHER_EPS
    ]
    got = cce(sub, y, p, CCE)
    for mistake, eps in zip(other_eps, OTHER_EPS, strict=True):
        if not np.isclose(got, want, rtol=1e-6, atol=1e-9) and mistake.matches(np.asarray(got)):
            if np.isclose(cce(sub, y, p, CCE, eps=1e-15), want, rtol=1e-6, atol=1e-9):
                fail(
                    _(
                        "{what}: the default eps is {eps:g}; the signature's default is "
                        "eps=1e-15 (it is right when eps=1e-15 is passed), so fix the default"
                    ).format(what=CCE, eps=eps)
                )
    close(
        got,
        want,
        CCE,
        mistakes=[*other_eps, *cross_entropy_mistakes(y, p, want)],
        context=_("when some predicted probabilities are exactly 0"),
    )


@suite.check(points=1, title=N_("categorical_cross_entropy with soft (label-smoothed) targets"))
def cross_entropy_soft_targets(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, k = int(rng.integers(5, 9)), int(rng.integers(3, 6))
    smoothing = float(rng.uniform(0.1, 0.3))
    y = one_hot(rng.integers(0, k, n), k) * (1.0 - smoothing) + smoothing / k
    p = ref.softmax(rng.standard_normal((n, k)) * 2.0)
    want = ref.categorical_cross_entropy(y, p)
    picked = p[np.arange(n), np.argmax(y, axis=1)]
    close(
        cce(sub, y, p, CCE),
        want,
        CCE,
        mistakes=[
            Mistake(
                _(
                    "it only reads y_pred at argmax(y_true); with soft targets (rows like "
                    "[0.9, 0.05, 0.05]) every class counts: -sum(y_true * log(y_pred), axis=1)"
                ),
                float(-np.mean(np.log(picked))),
                rtol=1e-9,
            ),
            *cross_entropy_mistakes(y, p, want),
        ],
        context=_("for soft targets (label smoothing {smoothing:.2f})").format(smoothing=smoothing),
        given=f"y_true[0] = {np.round(y[0], 3).tolist()}, y_pred[0] = {np.round(p[0], 3).tolist()}",
    )
