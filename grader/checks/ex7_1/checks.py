"""Hidden checks for exercise 7.1: activations, their derivatives, a numerical derivative.

Decisions documented here:
- relu_deriv(0) must be 0: the seed uses `z > 0`, the stub's docstring says so, and PyTorch
  does the same.
- relu_deriv must return floats (0.0 / 1.0), as the seed, the docstring and the notebook
  say: a boolean mask breaks `mask - 1`, `mask *= 0.5` and the float dtype later code
  relies on, and an integer mask breaks in-place float arithmetic. Both fail with a hint.
- sigmoid accepts lists (the docstring promises it), and sigmoid(±1000) must not overflow:
  the naive `1 / (1 + exp(-z))` returns the right 0 and 1 but only after exp(1000) = inf,
  with a RuntimeWarning. The check switches the child's NumPy to raise on overflow
  (through the module's own `np`) for one call, so that warning becomes a named mistake.
  Forms that silence the warning themselves (`np.errstate`) are accepted.
- Every element-wise function must take any shape and give that shape back: a loop that
  only works on a vector, and a result flattened to 1-D, each get their own hint.
- num_derivative gets the student's own `sigmoid` (a Remote: functions stay in the child)
  and is compared with the central difference of that same sigmoid's values, so a broken
  sigmoid does not confound it; forward/backward differences are told apart at h = 0.01.
  It also gets the module's own `np.sin`, so one that ignores `f` and differentiates its
  sigmoid shows.

The checks are declared here; what they use lives beside them, each module with its notes:
probes.py (calling the student's functions in particular ways) and diagnosis.py (the known
mistakes of sigmoid, sigmoid_deriv and num_derivative, and their hints).
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.ex7_1.diagnosis import (
    PRECEDENCE,
    default_h_mistakes,
    sigmoid_deriv_mistakes,
    sigmoid_mistakes,
)
from grader.checks.ex7_1.probes import (
    any_shape,
    batch,
    num_derivative_of_sin,
    overflows,
    relu_values,
    require_correct_sigmoid,
    sigmoid_of_list,
    sigmoid_values,
    student_function,
)
from grader.checks.expect import Findings, close, same_shape
from grader.i18n import N_, _

suite = Suite("7.1")

# The seed's visible input: np.random.seed(0); z = np.random.randn(10).
SEED_Z = np.random.RandomState(0).randn(10)

ONE_SIDED = N_(
    "its error shrinks like h, not h²: this is a one-sided difference. "
    "Use central differences: (f(z + h) - f(z - h)) / (2 * h)"
)
NAIVE_SIGMOID = N_(
    "sigmoid(±1000) overflowed inside exp (NumPy's 'overflow encountered in exp' warning): "
    "exp(-z) at z = -1000, or exp(z) in the unused branch of an np.where, is inf. The values "
    "come out right here only by luck. Clip z to [-500, 500] first or only exponentiate -|z|"
)
RELU_DERIV_BOOL = N_(
    "relu_deriv returned a boolean mask; return floats 0.0 / 1.0: (z > 0).astype(float). "
    "A bool array breaks mask - 1 and in-place float arithmetic later"
)
RELU_DERIV_INT = N_(
    "relu_deriv returned integers; return floats 0.0 / 1.0: (z > 0).astype(float) "
    "(an int array breaks in-place float arithmetic such as mask *= 0.5)"
)


@suite.check(
    points=1,
    title=N_("seed check: num_derivative(sigmoid, z) ≈ sigmoid_deriv(z)"),
    public=True,
)
def seed_gradient_check(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # The seed compares the two with each other; we compare each with the exact derivative.
    z = SEED_Z.copy()
    want = ref.sigmoid_deriv(z)
    context = _("for z = np.random.randn(10) after np.random.seed(0)")
    close(
        sub.call("sigmoid_deriv", z),
        want,
        "sigmoid_deriv(z)",
        mistakes=sigmoid_deriv_mistakes(z, ref),
        context=context,
    )
    require_correct_sigmoid(sub, z, ref)
    f = student_function(sub, "sigmoid")
    close(
        sub.call("num_derivative", f, z),
        want,
        "num_derivative(sigmoid, z)",
        rtol=1e-5,
        atol=1e-6,
        mistakes=default_h_mistakes(z, want, ref),
        context=context,
    )


@suite.check(points=1, title=N_("sigmoid and relu on a random non-square batch, and on a list"))
def activation_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = batch(rng, 4.0)
    findings = Findings()
    findings.run(
        lambda: close(
            same_shape(any_shape(sub, "sigmoid", z), z, "sigmoid"),
            ref.sigmoid(z),
            "sigmoid",
            mistakes=sigmoid_mistakes(z, ref),
        )
    )
    findings.run(sigmoid_of_list, sub, np.round(z[:2, :3], 2).tolist(), ref)
    findings.run(
        lambda: close(
            relu_values(sub, z),
            ref.relu(z),
            "relu",
            mistakes=[
                Mistake(
                    _("it returned min(0, z); ReLU keeps the positive part: np.maximum(0, z)"),
                    np.minimum(0.0, z),
                ),
                Mistake(
                    _("it returned |z|; negative inputs must become 0: np.maximum(0, z)"), np.abs(z)
                ),
                Mistake(_("it returned z unchanged; negative inputs must become 0"), z),
            ],
        )
    )
    findings.report()


@suite.check(
    points=1,
    title=N_("sigmoid and sigmoid_deriv stay finite for z = ±1000, with no overflow"),
    public=True,
)
def sigmoid_extremes(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    extremes = np.array([1000.0, -1000.0, 800.0, -800.0, 710.0, -710.0, 40.0, -40.0, 0.0])
    z = np.stack([rng.permutation(extremes), rng.standard_normal(extremes.size) * 3.0])
    with Findings() as findings:
        sigmoid_right = findings.run(
            close,
            any_shape(sub, "sigmoid", z),
            ref.sigmoid(z),
            "sigmoid",
            mistakes=sigmoid_mistakes(z, ref),
            context=_("for z = ±1000"),
        )
        if sigmoid_right is not None and overflows(sub, "sigmoid", z):
            findings.add(_(NAIVE_SIGMOID))
        findings.run(
            close,
            any_shape(sub, "sigmoid_deriv", z),
            ref.sigmoid_deriv(z),
            "sigmoid_deriv",
            mistakes=sigmoid_deriv_mistakes(z, ref),
            context=_("for z = ±1000"),
        )


@suite.check(points=1, title=N_("sigmoid_deriv on a random non-square batch"))
def sigmoid_deriv_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = batch(rng, 3.0)
    close(
        same_shape(any_shape(sub, "sigmoid_deriv", z), z, "sigmoid_deriv"),
        ref.sigmoid_deriv(z),
        "sigmoid_deriv",
        mistakes=sigmoid_deriv_mistakes(z, ref),
    )


@suite.check(points=1, title=N_("relu_deriv is 1 where z > 0 and 0 elsewhere, also at z = 0"))
def relu_deriv_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = batch(rng, 2.0)
    z[rng.random(z.shape) < 0.3] = 0.0
    z.flat[int(rng.integers(z.size))] = 0.0  # at least one exact kink
    got = same_shape(any_shape(sub, "relu_deriv", z), z, "relu_deriv")
    # Floats are promised; a bool or int mask gets its own hint (values are checked too).
    findings = Findings()
    if isinstance(got, np.ndarray) and got.dtype.kind == "b":
        findings.add(_(RELU_DERIV_BOOL))
    elif isinstance(got, np.ndarray) and got.dtype.kind in "iu":
        findings.add(_(RELU_DERIV_INT))
    findings.run(
        close,
        got,
        ref.relu_deriv(z),
        "relu_deriv",
        mistakes=[
            Mistake(
                _(
                    "it returns 1 at z = 0; this workbook uses 0 at the kink (like the seed and "
                    "PyTorch): use z > 0, not z >= 0"
                ),
                (z >= 0.0).astype(float),
            ),
            Mistake(
                _("the comparison is flipped: it is 1 where z < 0; use z > 0"),
                (z < 0.0).astype(float),
            ),
            Mistake(
                _("it returned relu(z) itself; the derivative is 1 where z > 0, else 0"),
                np.maximum(0.0, z),
            ),
            Mistake(
                _("it returned sign(z) (-1 for negative z); the derivative is 0 there"), np.sign(z)
            ),
        ],
        context=_("(z contains exact zeros; relu_deriv(0) is 0 here)"),
    )
    findings.report()


@suite.check(
    points=2,
    title=N_("num_derivative uses central differences (error O(h²)) of its f, h = 0.01"),
    public=True,
)
def num_derivative_central(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Compared with the central difference of the student's own sigmoid values, so this
    # judges num_derivative alone. At h = 0.01 a one-sided difference is off by ~1e-3.
    z = batch(rng, 2.0)
    h = 0.01
    f = student_function(sub, "sigmoid")
    plus, mid, minus = (sigmoid_values(sub, z + shift) for shift in (h, 0.0, -h))
    central = (plus - minus) / (2.0 * h)
    half_width = (ref.sigmoid(z + h / 2) - ref.sigmoid(z - h / 2)) / h
    exact = ref.sigmoid_deriv(z)
    close(
        same_shape(any_shape(sub, "num_derivative", z, (f,), (h,)), z, "num_derivative"),
        central,
        "num_derivative(sigmoid, z, h=0.01)",
        rtol=1e-7,
        atol=1e-10,
        mistakes=[
            Mistake(_(ONE_SIDED), (plus - mid) / h),
            Mistake(_(ONE_SIDED), (mid - minus) / h),
            Mistake(
                _("it divides by h, but the central difference spans 2h: divide by 2 * h"),
                (plus - minus) / h,
            ),
            Mistake(_(PRECEDENCE), (plus - minus) / 2.0 * h),
            Mistake(
                _(
                    "it steps only h/2 each way, (f(z + h/2) - f(z - h/2)) / h; h is the "
                    "half-width: (f(z + h) - f(z - h)) / (2 * h)"
                ),
                half_width,
                rtol=1e-8,
                atol=1e-11,
            ),
            Mistake(
                _(
                    "it ignored its h argument (the result is as exact as a tiny h gives); "
                    "use the h that is passed in"
                ),
                test=lambda got: bool(np.allclose(got, exact, rtol=1e-7, atol=1e-9)),
            ),
        ],
    )
    num_derivative_of_sin(sub, batch(rng, 2.0), ref)


@suite.check(points=1, title=N_("num_derivative with its default h is accurate"))
def num_derivative_default_h(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = batch(rng, 3.0)
    want = ref.sigmoid_deriv(z)
    require_correct_sigmoid(sub, z, ref)
    f = student_function(sub, "sigmoid")
    close(
        any_shape(sub, "num_derivative", z, (f,)),
        want,
        _("num_derivative(sigmoid, z) with the default h"),
        rtol=1e-5,
        atol=1e-7,
        mistakes=default_h_mistakes(z, want, ref),
    )
