"""MLP forward: more activations, weight initialisation, and a forward pass of any depth.

A multilayer perceptron is a stack of dense layers ``Z_l = A_{l-1} @ W_l + b_l`` with a
non-linearity after each one. Hidden layers share one activation; the last layer's
activation turns scores into what the task needs (class probabilities, a probability per
output, or raw values for regression).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Layer = tuple[FloatArray, FloatArray]

HIDDEN_ACTIVATIONS = ("relu", "tanh", "sigmoid")
OUTPUT_ACTIVATIONS = ("softmax", "sigmoid", "identity")


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    """Logistic function, element-wise (given; see exercise 7.1).

    Args:
        z: pre-activations, any shape.
    Returns:
        values in [0, 1], same shape as ``z``.

    Common mistake: exp(-z) overflows for very negative z; here only exp(-|z|) is taken.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    s: FloatArray = np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s


def sigmoid_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of the sigmoid at the pre-activation z (given).

    Args:
        z: pre-activations, any shape.
    Returns:
        sigma(z) * (1 - sigma(z)), same shape as ``z``.

    Common mistake: feeding it the activation instead of the pre-activation.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def relu(z: npt.ArrayLike) -> FloatArray:
    """max(0, z), element-wise (given).

    Args:
        z: pre-activations, any shape.
    Returns:
        same shape as ``z``.

    Common mistake: Python's built-in max is not element-wise.
    """
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def relu_deriv(z: npt.ArrayLike) -> FloatArray:
    """1.0 where z > 0 and 0.0 elsewhere, including the kink at 0 (given).

    Args:
        z: pre-activations, any shape.
    Returns:
        float mask, same shape as ``z``.

    Common mistake: returning booleans instead of floats.
    """
    return (np.asarray(z, dtype=np.float64) > 0.0).astype(np.float64)


def tanh(z: npt.ArrayLike) -> FloatArray:
    """Hyperbolic tangent, element-wise: a zero-centred squashing function onto (-1, 1).

    Args:
        z: pre-activations, any shape.
    Returns:
        values in [-1, 1], same shape as ``z``.

    Common mistake: writing (e^z - e^-z) / (e^z + e^-z) by hand, which overflows for
    |z| around 710 (the library routine does not).
    """
    # BEGIN SOLUTION: NumPy already has a stable element-wise tanh.
    return np.tanh(np.asarray(z, dtype=np.float64))
    # END SOLUTION


def tanh_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of tanh at the pre-activation z.

    Args:
        z: pre-activations, any shape.
    Returns:
        1 - tanh(z)**2, same shape as ``z``, in (0, 1].

    Common mistake: 1 - z**2, i.e. forgetting that the formula is in terms of tanh(z).
    """
    # BEGIN SOLUTION: express the derivative through t = tanh(z).
    t = np.tanh(np.asarray(z, dtype=np.float64))
    return 1.0 - t * t
    # END SOLUTION


def softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    """Numerically stable softmax along ``axis``.

    Args:
        z: logits, e.g. shape (n, k).
        axis: the class axis.
    Returns:
        probabilities, same shape as ``z``, summing to 1 along ``axis``.

    Common mistake: exponentiating raw logits, which overflows for large scores.
    """
    # BEGIN SOLUTION: shift by the max along the axis before exponentiating, then normalise.
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    p: FloatArray = e / np.sum(e, axis=axis, keepdims=True)
    return p
    # END SOLUTION


def softmax_jacobian(z: npt.ArrayLike) -> FloatArray:
    """Jacobian of softmax (over the last axis) for every row of a batch.

    With p = softmax(z), the entry J[a, b] = d p_a / d z_b = p_a * (delta_ab - p_b).

    Args:
        z: logits, shape (n, k), or a single example of shape (k,).
    Returns:
        J: shape (n, k, k), or (k, k) for a 1-D input.

    Common mistake: forgetting the off-diagonal terms (-p_a * p_b) and returning only
    p * (1 - p), which is the sigmoid's derivative, not softmax's.
    """
    # BEGIN SOLUTION: diag(p) minus the outer product p p^T, batched with broadcasting.
    p = softmax(z, axis=-1)
    k = p.shape[-1]
    return p[..., :, None] * np.eye(k) - p[..., :, None] * p[..., None, :]
    # END SOLUTION


def init_params(
    layer_sizes: Sequence[int], rng: np.random.Generator, scheme: str = "he"
) -> list[Layer]:
    """Random weights and zero biases for every layer of an MLP.

    Layer l maps layer_sizes[l - 1] units to layer_sizes[l] units. Weights are drawn
    layer by layer as ``rng.standard_normal((fan_in, fan_out)) * std`` with
    std = sqrt(2 / fan_in) for "he" (suits ReLU) and sqrt(2 / (fan_in + fan_out)) for
    "xavier" (suits tanh / sigmoid).

    Args:
        layer_sizes: [d0, d1, ..., dL], at least two entries.
        rng: the random generator to draw from (the caller controls reproducibility).
        scheme: "he" or "xavier".
    Returns:
        [(W1, b1), ..., (WL, bL)] with W_l of shape (d_{l-1}, d_l) and b_l of shape (d_l,).
    Raises:
        ValueError: unknown scheme, or fewer than two layer sizes.

    Common mistake: a single small constant std (say 0.01) for every layer, which makes
    activations shrink towards zero as the network gets deeper.
    """
    # BEGIN SOLUTION: for each consecutive (fan_in, fan_out) pair pick std from the scheme.
    if scheme not in ("he", "xavier"):
        raise ValueError(f"unknown init scheme {scheme!r}; use 'he' or 'xavier'")
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes needs an input size and at least one layer size")
    params: list[Layer] = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        var = 2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out)
        W = rng.standard_normal((fan_in, fan_out)) * np.sqrt(var)
        params.append((W, np.zeros(fan_out)))
    return params
    # END SOLUTION


def mlp_forward(
    X: npt.ArrayLike,
    params: Sequence[Layer],
    hidden_activation: str = "relu",
    output_activation: str = "softmax",
) -> FloatArray:
    """Run a batch through every layer of an MLP.

    Each layer computes Z = A @ W + b. Every layer but the last applies
    ``hidden_activation``; the last applies ``output_activation`` (softmax over the last
    axis, element-wise sigmoid, or identity). With a single layer only the output
    activation is used.

    Args:
        X: inputs, shape (n, d0).
        params: [(W1, b1), ..., (WL, bL)], W_l of shape (d_{l-1}, d_l), b_l of shape (d_l,).
        hidden_activation: "relu", "tanh" or "sigmoid".
        output_activation: "softmax", "sigmoid" or "identity".
    Returns:
        outputs, shape (n, dL).
    Raises:
        ValueError: an activation name that is not in the lists above, or no layers.

    Common mistake: applying the hidden activation to the last layer as well (e.g. ReLU
    before softmax), or softmax over the batch axis instead of the class axis.
    """
    # BEGIN SOLUTION: loop over layers; affine step, then hidden act (all but last) / output act.
    if hidden_activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"unknown hidden activation {hidden_activation!r}")
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"unknown output activation {output_activation!r}")
    if not params:
        raise ValueError("params must hold at least one (W, b) layer")
    hidden = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}[hidden_activation]
    A = np.asarray(X, dtype=np.float64)
    for W, b in params[:-1]:
        A = hidden(A @ W + b)
    W, b = params[-1]
    Z = A @ W + b
    if output_activation == "softmax":
        return softmax(Z, axis=-1)
    if output_activation == "sigmoid":
        return sigmoid(Z)
    return Z
    # END SOLUTION
