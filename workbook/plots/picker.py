"""The student-or-reference machinery every picture is drawn with.

Owns :class:`Picker` (runs one piece of student code at a time and falls back to the reference
solution when it raises or returns something unusable), the :class:`Unusable` and
:class:`NeedsYourCode` errors, :func:`load_reference`, the :func:`finite_array` check, the
labels that say whose code drew what, and :func:`_finish`, which titles and saves a figure.
The figures themselves live in the week modules next to this one.
"""

from __future__ import annotations

import importlib
import textwrap
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

T = TypeVar("T")
FloatArray = npt.NDArray[np.float64]
PathLike = str | Path | None

REFERENCE_LABEL = "reference solution"
YOURS = "yours"
MISSING = "not implemented"


class Unusable(ValueError):
    """The student's code ran but returned something a picture cannot be drawn from."""


class NeedsYourCode(RuntimeError):
    """The student edition has no reference to draw with: the picture waits for the code."""

    def __init__(self, key: str, why: str) -> None:
        state = "is not written yet" if why == MISSING else f"failed ({why})"
        super().__init__(
            f"this picture is drawn with your `{key}`, which {state}; the student edition has "
            "no reference to draw it with. Fix it, save, and run this cell again."
        )

    def _render_traceback_(self) -> list[str]:
        """IPython shows this one line instead of a traceback."""
        return [str(self)]


def load_reference(name: str) -> Any:
    """The reference module `solutions.<name>`, or None in the student edition."""
    try:
        return importlib.import_module(f"solutions.{name}")
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.startswith("solutions"):
            return None
        raise


class Picker:
    """Runs one piece of student code at a time, falling back to the reference on failure.

    Attributes:
        student: the student's module (or namespace); None draws with the reference only.
        reference: the reference module, ``solutions.<week>.<name>``.
        used: key -> YOURS, MISSING (with the function's name in ``missing``), or why the
            reference was used, in call order.
    """

    def __init__(self, student: object | None, reference: str) -> None:
        self.student = student
        self.reference = load_reference(reference)
        self.used: dict[str, str] = {}
        self.missing: dict[str, str] = {}

    def run(self, key: str, compute: Callable[[Any], T]) -> T:
        """``compute(student)`` if it works, else ``compute(reference)``; remembers which.

        A key that already failed once goes straight to the reference, so one broken
        function is reported once and not retried in a loop.
        """
        if self.student is None:
            self.used.setdefault(key, REFERENCE_LABEL)
        elif self.used.get(key, YOURS) == YOURS:
            try:
                # Student code may overflow or divide by zero; the check cells report that,
                # the pictures only need to know whether the result is usable.
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = compute(self.student)
            except NotImplementedError as error:
                self.used[key] = MISSING
                self.missing[key] = str(error) or key
            except Unusable as error:
                self.used[key] = f"`{key}` {error}"
            except Exception as error:  # noqa: BLE001 - any failure means: draw the reference
                self.used[key] = f"`{key}` raised {type(error).__name__}: {_clip(str(error))}"
            else:
                self.used[key] = YOURS
                return result
        if self.reference is None:
            why = self.used.get(key, MISSING)
            raise NeedsYourCode(key, MISSING if why == REFERENCE_LABEL else why)
        return compute(self.reference)

    def call(self, name: str, *args: Any, check: Callable[[Any], None] | None = None) -> Any:
        """Call the function ``name`` with ``args``, validating the result with ``check``."""

        def compute(module: Any) -> Any:
            result = getattr(module, name)(*args)
            if check is not None:
                check(result)
            return result

        return self.run(name, compute)

    def function(self, name: str) -> Callable[..., Any]:
        """The student's ``name`` if it has worked so far, otherwise the reference's."""
        source = self.student if self.used.get(name) == YOURS else self.reference
        if source is None:
            raise NeedsYourCode(name, self.used.get(name, MISSING))
        function: Callable[..., Any] = getattr(source, name)
        return function

    def label(self) -> str:
        """Which code drew the picture, for its title."""
        if self.student is None:
            return f"drawn with the {REFERENCE_LABEL}"
        failed = [key for key, how in self.used.items() if how != YOURS]
        if not failed:
            return "drawn with your code"
        reasons = []
        missing = list(dict.fromkeys(self.missing[key] for key in failed if key in self.missing))
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            reasons.append(f"your {_names(missing)} {verb} not implemented yet")
        reasons += [self.used[key] for key in failed if key not in self.missing]
        if len(failed) == len(self.used):
            return f"drawn with the {REFERENCE_LABEL}: " + "; ".join(reasons)
        return f"your code, with the reference for {_names(failed)}: " + "; ".join(reasons)


def _names(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finite_array(shape: tuple[int, ...] | None = None) -> Callable[[Any], None]:
    """A check: the value is a finite numeric array (of ``shape``, when given)."""

    def check(value: Any) -> None:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise Unusable(f"returned {type(value).__name__} of dtype {array.dtype}, not numbers")
        if shape is not None and array.shape != shape:
            raise Unusable(f"returned shape {array.shape}, expected {shape}")
        if not np.all(np.isfinite(array)):
            raise Unusable("returned nan or inf")

    return check


def _finish(fig: Figure, title: str, label: str, path: PathLike) -> Figure:
    """Title the figure with what it shows and whose code drew it; save it if asked."""
    width = max(60, int(fig.get_figwidth() * 12))  # characters that fit on one title line
    fig.suptitle("\n".join([title, *textwrap.wrap(f"({label})", width)]), fontsize=11)
    if path is not None:
        fig.savefig(path, dpi=100)
    return fig
