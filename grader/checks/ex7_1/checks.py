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
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import Findings, array, close, fail, not_finite
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

suite = Suite("7.1")

# The seed's visible input: np.random.seed(0); z = np.random.randn(10).
SEED_Z = np.random.RandomState(0).randn(10)

ONE_SIDED = N_(
    "its error shrinks like h, not h²: this is a one-sided difference. "
    "Use central differences: (f(z + h) - f(z - h)) / (2 * h)"
)
SIGMOID_OVERFLOW = N_(
    "sigmoid returned nan or inf for z = ±1000: exp overflowed. Clip z to [-500, 500] first "
    "(as the seed does) or only exponentiate -|z|: e = exp(-|z|), then 1 / (1 + e) where "
    "z >= 0 and e / (1 + e) elsewhere"
)
SIGMOID_DERIV_OVERFLOW = N_(
    "sigmoid_deriv returned nan or inf for z = ±1000: exp(-z) overflowed (e.g. in "
    "exp(-z) / (1 + exp(-z))**2). Compute s = sigmoid(z) with your stable sigmoid and "
    "return s * (1 - s)"
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
PRECEDENCE = N_(
    "it returns h² times the derivative: `/ 2 * h` multiplies by h (Python reads it as "
    "(... / 2) * h); divide by the width in parentheses: / (2 * h)"
)
IGNORED_F = N_(
    "it ignored f and differentiated sigmoid: num_derivative(np.sin, z, h) must give "
    "about cos(z). Call the f that is passed in: (f(z + h) - f(z - h)) / (2 * h)"
)
LIST_HINT = N_(
    "sigmoid failed on a Python list ({error}); the docstring accepts lists: convert "
    "first with z = np.asarray(z, dtype=float)"
)


def batch(rng: np.random.Generator, scale: float) -> np.ndarray:
    """A non-square (n, m) batch of pre-activations, n != m."""
    n = int(rng.integers(3, 7))
    m = int(rng.integers(7, 12))
    return rng.standard_normal((n, m)) * scale


def sigmoid_deriv_mistakes(z: np.ndarray, ref: ModuleType) -> list[Mistake]:
    s = ref.sigmoid(z)
    twice = ref.sigmoid(s)
    return [
        Mistake(
            _(
                "it applies the sigmoid twice (sigmoid of sigmoid(z)): compute s = sigmoid(z) "
                "once and return s * (1 - s); don't pass s back through sigmoid"
            ),
            twice * (1.0 - twice),
        ),
        Mistake(
            _("it returned z * (1 - z): the formula s * (1 - s) needs s = sigmoid(z), not z"),
            z * (1.0 - z),
        ),
        Mistake(_("it returned sigmoid(z) itself; the derivative is s * (1 - s)"), s),
        Mistake(_("it returned 1 - s**2 (that is tanh's formula); use s * (1 - s)"), 1.0 - s * s),
        Mistake(_(SIGMOID_DERIV_OVERFLOW), test=not_finite),
    ]


def any_shape(
    sub: Student,
    name: str,
    z: np.ndarray,
    before: tuple[object, ...] = (),
    after: tuple[object, ...] = (),
) -> object:
    """`name`(*before, z, *after); a function that works on a vector only is named as such."""
    try:
        return sub.call(name, *before, z, *after)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented" or z.ndim < 2:
            raise
        try:
            sub.call(name, *before, z.ravel(), *after)
        except StudentFailure as again:
            if again.fatal:
                raise
            raise failure from None
        fail(
            _(
                "{name} works on a 1-D vector but failed on z of shape {shape} ({error}); the "
                "docstring accepts any shape: use whole-array NumPy operations (np.exp, "
                "np.where, np.maximum, >) instead of a loop over z's entries"
            ).format(name=name, shape=z.shape, error=failure.describe())
        )


def same_shape(got: object, z: np.ndarray, what: str) -> object:
    """Fail with a hint when `got` holds as many numbers as z but in another shape."""
    if isinstance(got, np.ndarray) and got.shape != z.shape and got.size == z.size:
        fail(
            _(
                "{what} returned shape {got} for z of shape {shape}; the result has z's shape "
                "(it looks flattened: keep to whole-array operations, or reshape back with "
                ".reshape(z.shape))"
            ).format(what=what, got=got.shape, shape=z.shape)
        )
    return got


def student_function(sub: Student, name: str) -> Remote:
    """A reference to the student's function `name`, living in the child."""
    function = sub.getattr(None, name)
    if not isinstance(function, Remote):
        fail(
            _("`{name}` in your module is not a function (it is a {type})").format(
                name=name, type=type(function).__name__
            )
        )
    return function


def sigmoid_values(sub: Student, z: np.ndarray) -> np.ndarray:
    """The student's sigmoid at z, checked to be usable for judging num_derivative."""
    try:
        got = sub.call("sigmoid", z)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        fail(
            _(
                "num_derivative is checked on your sigmoid, which failed: {error}. Fix sigmoid "
                "first"
            ).format(error=failure.describe())
        )
    values = array(got, _("sigmoid (used to check num_derivative)"), z.shape)
    if not_finite(values):
        fail(_("num_derivative is checked on your sigmoid, which returned nan/inf; fix it first"))
    return values


def sigmoid_third_derivative(z: np.ndarray, ref: ModuleType) -> np.ndarray:
    s = ref.sigmoid(z)
    d1 = s * (1.0 - s)
    return np.asarray(d1 * ((1.0 - 2.0 * s) ** 2 - 2.0 * d1))


def correlated(a: np.ndarray, b: np.ndarray) -> bool:
    """|correlation| of two arrays above 0.9 (both must vary)."""
    a, b = a.ravel(), b.ravel()
    if np.std(a) == 0.0 or np.std(b) == 0.0:
        return False
    return bool(abs(np.corrcoef(a, b)[0, 1]) > 0.9)


def looks_like_round_off(error: np.ndarray, smooth: tuple[np.ndarray, ...]) -> bool:
    """Small, noisy errors: uncorrelated with the derivative and its truncation terms."""
    if not np.all(np.isfinite(error)) or float(np.max(np.abs(error))) > 0.05:
        return False
    return not any(correlated(error, shape) for shape in smooth)


def require_correct_sigmoid(sub: Student, z: np.ndarray, ref: ModuleType) -> None:
    """num_derivative(sigmoid, z) is judged against the exact derivative: sigmoid must be right."""
    if not np.allclose(sigmoid_values(sub, z), ref.sigmoid(z), rtol=1e-9, atol=1e-12):
        fail(_("num_derivative is checked on your sigmoid, which is wrong; fix sigmoid first"))


def default_h_mistakes(z: np.ndarray, want: np.ndarray, ref: ModuleType) -> list[Mistake]:
    """What a num_derivative(sigmoid, z) with a bad default h (or no 2) looks like."""
    bias = sigmoid_third_derivative(z, ref)
    curvature = want * (1.0 - 2.0 * ref.sigmoid(z))
    return [
        Mistake(
            _(PRECEDENCE),
            test=lambda got: (
                float(np.max(np.abs(got))) < 1e-6 * float(np.max(np.abs(want)))
                and correlated(got, want)
            ),
        ),
        Mistake(
            _("it divides by h, but the central difference spans 2h: divide by 2 * h"),
            2.0 * want,
            rtol=1e-5,
            atol=1e-8,
        ),
        Mistake(
            _(
                "the default h is too large: the difference quotient is biased (the error "
                "of a central difference grows like h²). Use a default around 1e-6"
            ),
            test=lambda got: correlated(got - want, bias) or correlated(got - want, curvature),
        ),
        Mistake(
            _(
                "the default h is so small that round-off dominates (the error grows like "
                "1e-16 / h). Use a default around 1e-6"
            ),
            test=lambda got: looks_like_round_off(got - want, (want, bias, curvature)),
        ),
    ]


def sigmoid_mistakes(z: np.ndarray, ref: ModuleType) -> list[Mistake]:
    return [
        Mistake(
            _(
                "it computes 1 / (1 + exp(z)), which is sigmoid(-z): the exponent needs a "
                "minus sign, exp(-z)"
            ),
            ref.sigmoid(-z),
        ),
        Mistake(_(SIGMOID_OVERFLOW), test=not_finite),
    ]


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


def sigmoid_of_list(sub: Student, z: list[list[float]], ref: ModuleType) -> None:
    """sigmoid must accept a nested Python list, as its docstring promises."""
    try:
        got = sub.call("sigmoid", z)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        fail(_(LIST_HINT).format(error=failure.describe()))
    if isinstance(got, list | tuple):
        fail(
            _(
                "sigmoid(a list) returned a {type}; it returns a NumPy array whatever it is "
                "given: convert first with z = np.asarray(z, dtype=float)"
            ).format(type=type(got).__name__)
        )
    want = ref.sigmoid(np.array(z))
    close(got, want, _("sigmoid(a list)"), mistakes=sigmoid_mistakes(np.array(z), ref))


def relu_values(sub: Student, z: np.ndarray) -> object:
    """The student's relu(z); Python's built-in max on an array is named."""
    try:
        return same_shape(any_shape(sub, "relu", z), z, "relu")
    except StudentFailure as failure:
        if failure.fatal or "truth value of an array" not in failure.message:
            raise
        fail(
            _(
                "relu uses Python's max(), which compares the whole array with 0 at once (a "
                "ValueError about the truth value of an array); use np.maximum(0, z), which "
                "works element by element"
            )
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


def overflows(sub: Student, name: str, z: np.ndarray) -> bool:
    """Does the student's `name`(z) overflow in NumPy? (Runs once with over="raise".)

    NumPy only warns on overflow, so the child's NumPy (the module's own `np`) is switched
    to raising for this one call and then restored. Without `np` there is no switch.
    """
    try:
        numpy = sub.getattr(None, "np")
        if not isinstance(numpy, Remote) or numpy.type_name != "module":
            return False
        old = sub.method(numpy, "seterr", over="raise")
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return False
    try:
        sub.call(name, z)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return "overflow" in failure.message
    finally:
        if isinstance(old, dict) and not sub.dead:
            sub.method(numpy, "seterr", **{str(k): v for k, v in old.items()})
    return False


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


def numpy_function(sub: Student, name: str) -> Remote:
    """`np.<name>` of the student's module, a function living in the child."""
    try:
        numpy = sub.getattr(None, "np")
        function = sub.getattr(numpy, name) if isinstance(numpy, Remote) else None
    except StudentFailure as failure:
        if failure.fatal:
            raise
        function = None
    if not isinstance(function, Remote):
        fail(
            _(
                "your module has no `np`: keep `import numpy as np` (num_derivative gets np.{name})"
            ).format(name=name)
        )
    return function


def num_derivative_of_sin(sub: Student, z: np.ndarray, ref: ModuleType) -> None:
    """num_derivative(np.sin, z, h) must differentiate the f it is given, not sigmoid."""
    h = 1e-3
    want = (np.sin(z + h) - np.sin(z - h)) / (2.0 * h)
    close(
        same_shape(
            any_shape(sub, "num_derivative", z, (numpy_function(sub, "sin"),), (h,)),
            z,
            "num_derivative",
        ),
        want,
        "num_derivative(np.sin, z, h=0.001)",
        rtol=1e-7,
        atol=1e-10,
        mistakes=[
            Mistake(_(IGNORED_F), (ref.sigmoid(z + h) - ref.sigmoid(z - h)) / (2.0 * h), rtol=1e-5),
            Mistake(_(IGNORED_F), ref.sigmoid_deriv(z), rtol=1e-5),
            Mistake(_(PRECEDENCE), want * h * h),
        ],
    )
