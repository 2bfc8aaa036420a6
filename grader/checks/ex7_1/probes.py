"""The 7.1 suite's probes: calling the student's functions in particular ways.

- On non-square (n, m) batches; a function that works on a vector only, or a result
  flattened to 1-D, is named. sigmoid gets a nested Python list too; relu's failure with
  Python's max() is named.
- The student's own sigmoid, and its module's `np.sin`, are handed to num_derivative as
  Remotes (functions stay in the child); the sigmoid is first checked to be usable.
- Overflow: the child's NumPy is switched to raising on overflow for one call, then restored.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis import Mistake
from grader.checks.ex7_1.diagnosis import PRECEDENCE, sigmoid_mistakes
from grader.checks.expect import array, close, fail, not_finite, same_shape
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

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


def require_correct_sigmoid(sub: Student, z: np.ndarray, ref: ModuleType) -> None:
    """num_derivative(sigmoid, z) is judged against the exact derivative: sigmoid must be right."""
    if not np.allclose(sigmoid_values(sub, z), ref.sigmoid(z), rtol=1e-9, atol=1e-12):
        fail(_("num_derivative is checked on your sigmoid, which is wrong; fix sigmoid first"))


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
