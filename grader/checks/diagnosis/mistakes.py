"""The one type of a known mistake: a wrong-but-plausible answer, and the hint that names it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and the hint that goes with it.

    Give `value` (what the mistake returns, computed by the grader) or `test`
    (a predicate on what the student returned), or both.
    """

    hint: str
    value: Any = None
    test: Callable[[np.ndarray], bool] | None = None
    rtol: float = 1e-6
    atol: float = 1e-9

    def matches(self, got: np.ndarray) -> bool:
        if self.value is not None:
            value = np.asarray(self.value)
            if value.shape == got.shape and np.allclose(
                got, value, rtol=self.rtol, atol=self.atol, equal_nan=True
            ):
                return True
        if self.test is not None:
            with np.errstate(all="ignore"):
                try:
                    return bool(self.test(got))
                except (ValueError, TypeError, IndexError, FloatingPointError):
                    return False
        return False
