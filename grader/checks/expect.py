"""Comparisons that explain themselves.

Every helper validates what a student's function returned in a fixed order:
type, then shape, then finiteness, then value. When a value is wrong it first
tries the known mistakes (each a wrong-but-plausible answer computed here), so the
feedback names the mistake instead of printing two arrays.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NoReturn

import numpy as np

from grader.checks import CheckFailed
from grader.checks.diagnosis import Mistake
from grader.i18n import N_, _
from grader.isolation.protocol import Remote

# Several findings of one check, joined: "first; and second; and third".
AND_THEN = N_("{findings}; and {finding}")
# What a student's function returned, as the messages below name it.
A_VALUE_OF_TYPE = N_("a {type}")
AN_ARRAY_OF_SHAPE = N_("an array of shape {shape}")


def fail(message: str) -> NoReturn:
    raise CheckFailed(message)


@dataclass
class Findings:
    """Collects every finding of a check instead of stopping at the first.

    Use it as a context manager and run each independent comparison through `run`; on
    leaving the block, all failures are reported together in one message::

        with Findings() as findings:
            findings.run(close, loss, want_loss, "evaluate's loss")
            findings.run(close, accuracy, want_accuracy, "evaluate's accuracy")
    """

    messages: list[str] = field(default_factory=list)

    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call `function`; record its CheckFailed message (and return None) if it fails."""
        try:
            return function(*args, **kwargs)
        except CheckFailed as failure:
            self.messages.append(str(failure))
            return None

    def add(self, message: str) -> None:
        self.messages.append(message)

    def report(self) -> None:
        """Fail with every finding so far, if there is any."""
        if self.messages:
            fail(joined(self.messages))

    def __enter__(self) -> Findings:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.report()


def joined(messages: Sequence[str]) -> str:
    """One message from several findings: "first; and second; and third"."""
    unique = list(dict.fromkeys(messages))
    text = unique[0] if unique else ""
    for message in unique[1:]:
        text = _(AND_THEN).format(findings=text, finding=message)
    return text


def not_finite(got: np.ndarray) -> bool:
    """True when any entry is nan or inf: the sign of an overflow (a Mistake test)."""
    return not bool(np.all(np.isfinite(got)))


def describe_type(value: Any) -> str:
    """What `value` is, for a message: "a float", "None", "an array of shape (3,)"."""
    if isinstance(value, Remote):
        return _(A_VALUE_OF_TYPE).format(type=value.type_name)
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return _(AN_ARRAY_OF_SHAPE).format(shape=value.shape)
    return _(A_VALUE_OF_TYPE).format(type=type(value).__name__)


def array(got: Any, what: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Check `got` is a real numeric NumPy array (of `shape`, if given); return it as float64.

    Booleans and integers are accepted (a 0/1 mask is a fine derivative of relu).
    """
    if isinstance(got, bool) or not isinstance(got, np.ndarray | float | int):
        fail(
            _("{what} returned {type}; expected a NumPy array").format(
                what=what, type=describe_type(got)
            )
        )
    result = np.asarray(got)
    if result.dtype.kind == "c":
        fail(_("{what} returned complex numbers; expected real values").format(what=what))
    if result.dtype.kind not in "biuf":
        fail(
            _("{what} returned an array of dtype {dtype}; expected numbers").format(
                what=what, dtype=result.dtype
            )
        )
    if shape is not None and result.shape != shape:
        fail(wrong_shape(what, result, shape))
    return result.astype(np.float64)


def wrong_shape(what: str, got: np.ndarray, shape: tuple[int, ...]) -> str:
    """The message for an array of the wrong shape; it names a transpose or a lost reshape."""
    if len(shape) == 2 and got.shape == shape[::-1]:
        message = _("{what} returned shape {got}; expected {want} (it looks transposed)")
    elif got.size == int(np.prod(shape)):
        message = _(
            "{what} returned shape {got}; expected {want} (same numbers, wrong shape: check "
            "a reshape or keepdims)"
        )
    else:
        message = _("{what} returned shape {got}; expected {want}")
    return message.format(what=what, got=got.shape, want=shape)


def number(got: Any, what: str) -> float:
    """Check `got` is a real number (a Python/NumPy scalar or a 0-d array)."""
    if isinstance(got, bool):
        fail(_("{what} returned a bool; expected a number").format(what=what))
    if isinstance(got, int | float):
        return float(got)
    if isinstance(got, np.ndarray) and got.shape == () and got.dtype.kind in "iuf":
        return float(got)
    fail(
        _("{what} returned {type}; expected a single number").format(
            what=what, type=describe_type(got)
        )
    )


def number_list(got: Any, what: str, length: int | None = None) -> np.ndarray:
    """Check `got` is a list (or 1-D array) of real numbers; return it as a float array."""
    if isinstance(got, np.ndarray) and got.ndim == 1:
        values = [got[i] for i in range(got.shape[0])]
    elif isinstance(got, list | tuple):
        values = list(got)
    else:
        fail(
            _("{what} returned {type}; expected a list of numbers").format(
                what=what, type=describe_type(got)
            )
        )
    result = np.array([number(value, f"{what}[{i}]") for i, value in enumerate(values)])
    if length is not None and result.shape[0] != length:
        fail(
            _("{what} has {count} entries; expected {length}").format(
                what=what, count=result.shape[0], length=length
            )
        )
    return result


def sequence(got: Any, what: str, length: int) -> list[Any]:
    """Check `got` is a tuple or list of `length` items (e.g. several return values)."""
    if not isinstance(got, tuple | list):
        fail(
            _("{what} returned {type}; expected {length} values").format(
                what=what, type=describe_type(got), length=length
            )
        )
    if len(got) != length:
        fail(
            _("{what} returned {count} values; expected {length}").format(
                what=what, count=len(got), length=length
            )
        )
    return list(got)


def close(
    got: Any,
    want: np.ndarray | float,
    what: str,
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: Sequence[Mistake] = (),
    context: str = "",
    given: str = "",
) -> np.ndarray:
    """Check `got` equals `want` within tolerance; diagnose known mistakes otherwise.

    When no known mistake matches, the message says where the answer first goes wrong:
    the index, the expected and received values there, the tolerance, and (if given)
    the input, so the student has something to act on.

    Args:
        got: what the student's function returned.
        want: the right answer, computed by the reference or an oracle.
        what: names the value in feedback, e.g. "dense_forward(X, W, b)".
        mistakes: known wrong answers, tried in order when `got` is wrong.
        context: appended to generic failures, e.g. "for logits of ±1000".
        given: the input, already short (e.g. "z = [1, -2]"); shown in generic failures.
    """
    want_array = np.asarray(want, dtype=np.float64)
    result = array(got, what, want_array.shape)
    if np.allclose(result, want_array, rtol=rtol, atol=atol):
        return result
    for mistake in mistakes:
        if mistake.matches(result):
            fail(f"{what}: {mistake.hint}")
    if not np.all(np.isfinite(result)) and np.all(np.isfinite(want_array)):
        bad = "nan" if np.any(np.isnan(result)) else "inf"
        if context:
            fail(_("{what} returned {bad} {context}").format(what=what, bad=bad, context=context))
        fail(_("{what} returned {bad}").format(what=what, bad=bad))
    error = float(np.max(np.abs(result - want_array)))
    where = first_difference(result, want_array, rtol, atol, given)
    if context:
        message = _("{what} is wrong {context}: off by up to {error:.3g}; {where}")
    else:
        message = _("{what} is wrong: off by up to {error:.3g}; {where}")
    fail(message.format(what=what, context=context, error=error, where=where))


def first_difference(
    got: np.ndarray, want: np.ndarray, rtol: float, atol: float, given: str = ""
) -> str:
    """Where `got` first leaves the tolerance: index, expected, received, tolerance, input."""
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol)
    index = tuple(int(i) for i in np.argwhere(bad)[0]) if bad.ndim else ()
    values = {
        "index": index if len(index) != 1 else index[0],
        "want": float(want[index]),
        "got": float(got[index]),
        "rtol": rtol,
        "atol": atol,
        "given": given,
    }
    return difference_wording(bool(index), bool(given)).format(**values)


def difference_wording(has_index: bool, has_given: bool) -> str:
    """first_difference's sentence, naming the index and the input when there are any."""
    if has_index and has_given:
        return _(
            "at index {index} expected {want:.6g}, got {got:.6g} (tolerance rtol={rtol:g}, "
            "atol={atol:g}) for {given}"
        )
    if has_index:
        return _(
            "at index {index} expected {want:.6g}, got {got:.6g} (tolerance rtol={rtol:g}, "
            "atol={atol:g})"
        )
    if has_given:
        return _(
            "expected {want:.6g}, got {got:.6g} (tolerance rtol={rtol:g}, atol={atol:g}) "
            "for {given}"
        )
    return _("expected {want:.6g}, got {got:.6g} (tolerance rtol={rtol:g}, atol={atol:g})")


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
