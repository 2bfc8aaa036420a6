"""Exercise 7.4: forward and backward pass of a two-layer network, checked numerically.

Computation graph (batch first, one sigmoid output per example)::

    X (n, d_in) -> Z1 = X W1 + b1 (n, d_h) -> A1 = relu(Z1) (n, d_h)
                -> Z2 = A1 W2 + b2 (n, 1) -> P = sigmoid(Z2) (n, 1) -> L = bce(y, P)

Backward walks the same graph in reverse. Every gradient has the shape of the thing it
differentiates: dW1 like W1, db1 like b1, and so on.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Cache = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


def sigmoid(z: npt.ArrayLike) -> FloatArray:
    """Logistic function, element-wise, overflow-free (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``, values in [0, 1].

    Common mistake: exp(-z) overflows for very negative z; only exp(-|z|) is taken here.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    s: FloatArray = np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s


def relu(z: npt.ArrayLike) -> FloatArray:
    """max(0, z), element-wise (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``.

    Common mistake: Python's built-in max is not element-wise.
    """
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def relu_deriv(z: npt.ArrayLike) -> FloatArray:
    """1.0 where z > 0, else 0.0 (given).

    Args:
        z: pre-activations, any shape.
    Returns:
        float mask, same shape as ``z``.

    Common mistake: evaluating it at the activation A1 instead of Z1 (same mask for ReLU,
    but the habit breaks for every other activation).
    """
    return (np.asarray(z, dtype=np.float64) > 0.0).astype(np.float64)


def bce(y: npt.ArrayLike, p: npt.ArrayLike, eps: float = 1e-15) -> float:
    """Binary cross-entropy, averaged over every entry (given).

    Args:
        y: 0/1 targets, shape (n, 1).
        p: predicted probabilities, shape (n, 1).
        eps: p is clipped into [eps, 1 - eps] so neither log sees 0.
    Returns:
        the mean loss as a Python float.

    Common mistake: y of shape (n,) against p of shape (n, 1) broadcasts to (n, n).
    """
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def forward(
    X: FloatArray, W1: FloatArray, b1: FloatArray, W2: FloatArray, b2: FloatArray
) -> tuple[FloatArray, Cache]:
    """Forward pass of the two-layer network, keeping what backward will need.

    Args:
        X: inputs, shape (n, d_in)
        W1: shape (d_in, d_h);  b1: shape (d_h,)
        W2: shape (d_h, 1);     b2: shape (1,)
    Returns:
        P: probabilities, shape (n, 1)
        cache: (X, Z1, A1, Z2, P) with Z1, A1 of shape (n, d_h) and Z2 of shape (n, 1)

    Common mistake: not caching the pre-activation Z1, then having to recompute it (or
    using A1 where Z1 is needed) in backward.
    """
    # BEGIN SOLUTION: dense -> relu -> dense -> sigmoid, and return the intermediates too.
    Z1 = X @ W1 + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2 + b2
    P = sigmoid(Z2)
    return P, (X, Z1, A1, Z2, P)
    # END SOLUTION


def loss_fn(
    X: FloatArray, y: FloatArray, W1: FloatArray, b1: FloatArray, W2: FloatArray, b2: FloatArray
) -> float:
    """The loss as a function of the parameters, for gradient checking (given).

    Args:
        X: inputs, shape (n, d_in);  y: targets, shape (n, 1)
        W1, b1, W2, b2: as in ``forward``.
    Returns:
        the mean BCE as a Python float.

    Common mistake: a numerical check against a loss that averages differently (sum vs
    mean) from the one backward differentiates.
    """
    P, _ = forward(X, W1, b1, W2, b2)
    return bce(y, P)


def backward(
    y: FloatArray, cache: Cache, W2: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Gradients of the mean BCE loss with respect to W1, b1, W2, b2.

    Sigmoid followed by BCE has the short combined gradient dL/dZ2 = (P - y) / n, where
    the 1/n comes from the mean over the batch.

    Args:
        y: targets, shape (n, 1)
        cache: (X, Z1, A1, Z2, P) from ``forward``
        W2: shape (d_h, 1), needed to send the gradient back into the hidden layer
    Returns:
        dW1 (d_in, d_h), db1 (d_h,), dW2 (d_h, 1), db2 (1,)

    Common mistake: dropping the 1/n of the mean; a transposed product (X @ dZ1 instead
    of X.T @ dZ1), or a y of shape (n,) that broadcasts P - y to (n, n).
    """
    # BEGIN SOLUTION: start from dZ2 = (P - y) / n and apply the chain rule layer by layer.
    X, Z1, A1, Z2, P = cache
    # The loss averages over every entry of P; for the (n, 1) output that is n.
    dZ2 = (P - y) / P.size
    dW2 = A1.T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * relu_deriv(Z1)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0)
    return dW1, db1, dW2, db2
    # END SOLUTION
