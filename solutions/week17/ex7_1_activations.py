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
    # BEGIN SOLUTION: exponentiate -|z| only, then pick the right algebraic form per sign of z.
    z = np.asarray(z, dtype=np.float64)
    # exp(-|z|) lies in (0, 1], so it can never overflow.
    e = np.exp(-np.abs(z))
    s: FloatArray = np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s
    # END SOLUTION


def sigmoid_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of the sigmoid, written in terms of the sigmoid itself.

    Args:
        z: pre-activations, any shape.
    Returns:
        sigma(z) * (1 - sigma(z)), same shape as ``z``; at most 0.25.

    Common mistake: passing the activation a = sigma(z) instead of z, which applies the
    sigmoid twice.
    """
    # BEGIN SOLUTION: reuse sigmoid(z); the derivative is s * (1 - s).
    s = sigmoid(z)
    return s * (1.0 - s)
    # END SOLUTION


def relu(z: npt.ArrayLike) -> FloatArray:
    """Rectified linear unit max(0, z), element-wise.

    Args:
        z: pre-activations, any shape.
    Returns:
        non-negative values, same shape as ``z``.

    Common mistake: using Python's max(), which does not work element-wise on arrays.
    """
    # BEGIN SOLUTION: an element-wise maximum against zero.
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))
    # END SOLUTION


def relu_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of ReLU: 1 where z > 0, else 0 (we use 0 at the kink z = 0, like PyTorch).

    Args:
        z: pre-activations, any shape.
    Returns:
        float array of 0.0 / 1.0, same shape as ``z``.

    Common mistake: returning a boolean array: multiplying gradients by it works, but
    shape/dtype checks and in-place float arithmetic do not.
    """
    # BEGIN SOLUTION: compare with zero and convert the mask to floats.
    return (np.asarray(z, dtype=np.float64) > 0.0).astype(np.float64)
    # END SOLUTION


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
    # BEGIN SOLUTION: evaluate f a step h on each side of z and divide by the width 2h.
    z = np.asarray(z, dtype=np.float64)
    return (f(z + h) - f(z - h)) / (2.0 * h)
    # END SOLUTION
