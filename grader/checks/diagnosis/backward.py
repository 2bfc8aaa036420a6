"""The mistakes of a two-layer backward pass, written once for every suite that grades one.

The network is X (n, d_in) -> Z1 = X W1 + b1 -> A1 = relu(Z1) (n, d_h) -> Z2 = A1 W2 + b2
-> P = sigmoid(Z2) (n, 1), with the mean binary cross-entropy as its loss, so the
combined output gradient is dZ2 = (P - Y) / n. Parameters are (W1, b1, W2, b2) and the
cache is (X, Z1, A1, Z2, P), as in exercise 7.4. Each wrong answer is computed here with
NumPy from the same inputs, so a suite only asks which one the student's gradient is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from grader.checks.diagnosis.mistakes import Mistake
from grader.i18n import _

GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")
PARAM_NAMES = ("W1", "b1", "W2", "b2")
SYMBOLIC_SHAPES = ("(d_in, d_h)", "(d_h,)", "(d_h, 1)", "(1,)")


def relu_mask(z: np.ndarray) -> np.ndarray:
    """1.0 where z > 0, else 0.0; same shape as z."""
    return (z > 0.0).astype(np.float64)


def gradients_from_dZ2(
    dZ2: np.ndarray,
    cache: Sequence[np.ndarray],
    W2: np.ndarray,
    hidden: str = "mask",
) -> list[np.ndarray]:
    """[dW1, db1, dW2, db2] from a given output gradient dZ2 (n, 1), right or wrong.

    hidden says what dA1 = dZ2 @ W2.T is multiplied by to give dZ1: "mask" (relu'(Z1),
    right), "none" (nothing: the ReLU derivative is missing) or "activation" (A1, the
    activation instead of its derivative).
    """
    X, Z1, A1 = cache[0], cache[1], cache[2]
    dA1 = dZ2 @ W2.T
    factor = {"mask": relu_mask(Z1), "none": 1.0, "activation": A1}[hidden]
    dZ1 = dA1 * factor
    return [X.T @ dZ1, np.sum(dZ1, axis=0), A1.T @ dZ2, np.sum(dZ2, axis=0)]


def backward_mistakes(
    X: np.ndarray,
    Y: np.ndarray,
    params: Sequence[np.ndarray],
    cache: Sequence[np.ndarray],
    gradient: int,
) -> list[Mistake]:
    """The known wrong values of one gradient, each with the hint that names it.

    Args:
        X: inputs (n, d_in); Y: 0/1 targets (n, 1).
        params: (W1, b1, W2, b2) with shapes (d_in, d_h), (d_h,), (d_h, 1), (1,).
        cache: (X, Z1, A1, Z2, P) of the right forward pass at `params`.
        gradient: which of dW1, db1, dW2, db2 (0-3) is judged.

    Returns:
        Mistakes in the order to try them (the most specific first). Transposed products
        are among them but only match when the weight is square.
    """
    Z1, P = cache[1], cache[4]
    W2 = params[2]
    n = P.shape[0]
    full = (X, Z1, cache[2])
    right = gradients_from_dZ2((P - Y) / n, full, W2)
    name = GRADIENT_NAMES[gradient]
    mistakes = [
        Mistake(
            _(
                "{name} is exactly n times the numerical gradient; divide by the batch size "
                "n: the loss is a mean, so dZ2 = (P - y) / n"
            ).format(name=name),
            gradients_from_dZ2(P - Y, full, W2)[gradient],
        ),
        Mistake(
            _("{name} has the wrong sign: dZ2 = (P - y) / n, not (y - P) / n").format(name=name),
            -right[gradient],
        ),
        Mistake(
            _(
                "{name} is 1/n times the numerical gradient: the 1/n is already in dZ2, so "
                "sum over the batch (np.sum(..., axis=0)) instead of dividing or averaging again"
            ).format(name=name),
            right[gradient] / n,
        ),
        Mistake(
            _(
                "{name} multiplies by the sigmoid derivative P (1 - P) a second time; with "
                "BCE on a sigmoid the combined gradient is already dZ2 = (P - y) / n"
            ).format(name=name),
            gradients_from_dZ2((P - Y) * P * (1.0 - P) / n, full, W2)[gradient],
        ),
    ]
    if gradient == 2:
        mistakes.append(
            Mistake(
                _(
                    "dW2 is Z1.T @ dZ2: the cache is (X, Z1, A1, Z2, P) in this order, and "
                    "dW2 = A1.T @ dZ2 uses the activation A1"
                ),
                Z1.T @ ((P - Y) / n),
            )
        )
    if gradient < 2:
        mistakes += hidden_mistakes(name, (P - Y) / n, full, W2, gradient)
    if gradient in (0, 2):
        mistakes.append(
            Mistake(
                _("{name} is transposed: dW = input.T @ dZ, not dZ.T @ input").format(name=name),
                right[gradient].T,
            )
        )
    return mistakes


def hidden_mistakes(
    name: str, dZ2: np.ndarray, cache: Sequence[np.ndarray], W2: np.ndarray, gradient: int
) -> list[Mistake]:
    """The mistakes of sending dZ2 (n, 1) back into the hidden layer (dW1 or db1 only)."""
    return [
        Mistake(
            _(
                "{name} is wrong: the W2 argument is not used; the gradient reaching the "
                "hidden layer is dA1 = dZ2 @ W2.T"
            ).format(name=name),
            gradients_from_dZ2(dZ2, cache, np.ones((1, 1)))[gradient],
        ),
        Mistake(
            _(
                "{name} is wrong: the ReLU derivative is missing; use "
                "dZ1 = dA1 * relu_deriv(Z1) (units with Z1 <= 0 pass no gradient)"
            ).format(name=name),
            gradients_from_dZ2(dZ2, cache, W2, hidden="none")[gradient],
        ),
        Mistake(
            _(
                "{name} is wrong: dZ1 multiplies dA1 by relu(Z1), the activation; multiply by "
                "relu_deriv(Z1), the 0/1 mask"
            ).format(name=name),
            gradients_from_dZ2(dZ2, cache, W2, hidden="activation")[gradient],
        ),
    ]


def shape_message(
    name: str,
    param: str,
    symbolic: str,
    have: tuple[int, ...],
    want: tuple[int, ...],
    n: int,
) -> str:
    """Why gradient `name` has shape `have` instead of its parameter's `want`.

    Args:
        name: the gradient ("db1"); param: its parameter ("b1").
        symbolic: the parameter's shape in letters ("(d_h,)").
        have: the shape received; want: the parameter's shape; n: the batch size.

    Returns:
        One sentence for the student, naming the likely mistake when the shape tells it
        (a transposed product; a bias gradient with keepdims, summed over the units, or
        summed to a scalar).
    """
    values = {"name": name, "param": param, "symbolic": symbolic, "shape": want, "have": have}
    bias = len(want) == 1
    if len(want) == 2 and have == want[::-1]:
        return _(
            "{name} must have {param}'s shape {symbolic} = {shape}; got {have}: it looks "
            "transposed (dW = input.T @ dZ, not dZ.T @ input)"
        ).format(**values)
    if bias and have == (1, *want):
        return _(
            "{name} must have {param}'s shape {symbolic} = {shape}; got {have}: sum over the "
            "batch with np.sum(dZ, axis=0), without keepdims"
        ).format(**values)
    if bias and have == (n,):
        return _(
            "{name} must have {param}'s shape {symbolic} = {shape}; got {have}: you summed "
            "over axis 1 (the units); sum over axis 0, the batch"
        ).format(**values)
    if bias and have == ():
        return _(
            "{name} must have {param}'s shape {symbolic} = {shape}; got {have}: use "
            "np.sum({dZ}, axis=0) so {name} keeps {param}'s shape"
        ).format(dZ="dZ" + name[2:], **values)
    return _("{name} must have {param}'s shape {symbolic} = {shape}; got {have}").format(**values)
