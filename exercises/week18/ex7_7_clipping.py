# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.7: gradient clipping by global norm.

When a gradient is much longer than usual, one update can throw the parameters far away.
Clipping by norm rescales such a gradient to length ``max_norm`` and leaves its direction
alone; gradients that are already short enough pass through untouched.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def clip_by_norm(g: npt.ArrayLike, max_norm: float) -> FloatArray:
    """Rescale g so that its L2 norm (over all entries) is at most ``max_norm``.

    Args:
        g: gradient, any shape (the norm is taken over every entry, not per row).
        max_norm: the largest allowed norm, > 0.
    Returns:
        an array of g's shape: g's values if ||g|| <= max_norm (returning g itself is
        allowed there, as the seed does; the reference returns a copy), otherwise
        g * (max_norm / ||g||). The input is never modified.

    Common mistake: clipping each entry to [-max_norm, max_norm], which changes the
    gradient's direction; dividing by a zero norm; or rescaling the caller's array in place.
    """
    # TODO(student): compute the norm once; rescale a copy only when it exceeds max_norm.
    raise NotImplementedError("clip_by_norm")
