# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.1: activations, their derivatives, and a numerical derivative to check them.

An activation ``f`` is applied element-wise to pre-activations ``z``; backprop needs its
derivative ``f'(z)`` at the same points. A central finite difference gives an independent
estimate of ``f'(z)``, which is how we convince ourselves the analytic formula is right.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    """Logistic function 1 / (1 + exp(-z)), element-wise, safe for any float input.

    Args:
        z: pre-activations, any shape (lists are accepted).
    Returns:
        values in [0, 1], same shape as ``z``.

    Common mistake: evaluating exp(-z) for very negative z overflows to inf. Only ever
    exponentiate a non-positive number (or clip z) so that +-1000 stays finite.
    """
    # TODO(student): exponentiate -|z| only, then pick the right algebraic form per sign of z.
    raise NotImplementedError("sigmoid")


def sigmoid_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of the sigmoid, written in terms of the sigmoid itself.

    Args:
        z: pre-activations, any shape.
    Returns:
        sigma(z) * (1 - sigma(z)), same shape as ``z``; at most 0.25.

    Common mistake: passing the activation a = sigma(z) instead of z, which applies the
    sigmoid twice.
    """
    # TODO(student): reuse sigmoid(z); the derivative is s * (1 - s).
    raise NotImplementedError("sigmoid_deriv")


def relu(z: npt.ArrayLike) -> FloatArray:
    """Rectified linear unit max(0, z), element-wise.

    Args:
        z: pre-activations, any shape.
    Returns:
        non-negative values, same shape as ``z``.

    Common mistake: using Python's max(), which does not work element-wise on arrays.
    """
    # TODO(student): an element-wise maximum against zero.
    raise NotImplementedError("relu")


def relu_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of ReLU: 1 where z > 0, else 0 (we use 0 at the kink z = 0, like PyTorch).

    Args:
        z: pre-activations, any shape.
    Returns:
        float array of 0.0 / 1.0, same shape as ``z``.

    Common mistake: returning a boolean array: multiplying gradients by it works, but
    shape/dtype checks and in-place float arithmetic do not.
    """
    # TODO(student): compare with zero and convert the mask to floats.
    raise NotImplementedError("relu_deriv")


def num_derivative(
    f: Callable[[FloatArray], FloatArray], z: npt.ArrayLike, h: float = 1e-6
) -> FloatArray:
    """Central finite-difference estimate of f'(z) for an element-wise function f.

    Args:
        f: element-wise function, maps an array to an array of the same shape.
        z: points where the derivative is wanted, any shape.
        h: half-width of the difference; its truncation error shrinks like h**2.
    Returns:
        (f(z + h) - f(z - h)) / (2h), same shape as ``z``.

    Common mistake: the one-sided (f(z + h) - f(z)) / h, whose error only shrinks like h;
    and an h so small (say 1e-12) that round-off swamps the difference.
    """
    # TODO(student): evaluate f a step h on each side of z and divide by the width 2h.
    raise NotImplementedError("num_derivative")
