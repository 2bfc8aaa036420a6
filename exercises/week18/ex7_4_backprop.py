# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.4: forward and backward pass of a two-layer network, checked numerically.

Computation graph (batch first, one sigmoid output per example)::

    X (n, d_in) -> Z1 = X W1 + b1 (n, d_h) -> A1 = relu(Z1) (n, d_h)
                -> Z2 = A1 W2 + b2 (n, 1) -> P = sigmoid(Z2) (n, 1) -> L = bce(y, P)

Backward walks the same graph in reverse. Every gradient has the shape of the thing it
differentiates: dW1 like W1, db1 like b1, and so on.

En español:

Ejercicio 7.4: pasada hacia delante y hacia atrás de una red de dos capas, comprobada
numéricamente.

Grafo de cómputo (lote primero, una salida sigmoide por ejemplo)::

    X (n, d_in) -> Z1 = X W1 + b1 (n, d_h) -> A1 = relu(Z1) (n, d_h)
                -> Z2 = A1 W2 + b2 (n, 1) -> P = sigmoid(Z2) (n, 1) -> L = bce(y, P)

La pasada hacia atrás recorre el mismo grafo en sentido inverso. Cada gradiente tiene la forma
de aquello respecto a lo que deriva: dW1 como W1, db1 como b1, y así sucesivamente.
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

    En español:

    Pasada hacia delante de la red de dos capas, guardando lo que necesitará la pasada hacia
    atrás.

    Argumentos:
        X: entradas, forma (n, d_in)
        W1: forma (d_in, d_h); b1: forma (d_h,)
        W2: forma (d_h, 1); b2: forma (1,)
    Devuelve:
        P: probabilidades, forma (n, 1)
        cache: (X, Z1, A1, Z2, P) con Z1, A1 de forma (n, d_h) y Z2 de forma (n, 1)

    Error común: no guardar en la caché la preactivación Z1 y tener que recalcularla en backward
    (o usar A1 donde hace falta Z1).
    """
    # TODO(student): dense -> relu -> dense -> sigmoid, and return the intermediates too.
    raise NotImplementedError("forward")


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

    En español:

    Gradientes de la pérdida BCE media respecto a W1, b1, W2, b2.

    La sigmoide seguida de BCE tiene un gradiente combinado muy corto, dL/dZ2 = (P - y) / n,
    donde el 1/n sale de la media sobre el lote.

    Argumentos:
        y: objetivos, forma (n, 1)
        cache: (X, Z1, A1, Z2, P) de ``forward``
        W2: forma (d_h, 1), necesaria para llevar el gradiente de vuelta a la capa oculta
    Devuelve:
        dW1 (d_in, d_h), db1 (d_h,), dW2 (d_h, 1), db2 (1,)

    Error común: olvidar el 1/n de la media; un producto transpuesto (X @ dZ1 en lugar de X.T @
    dZ1), o una y de forma (n,) que difunde P - y a (n, n).
    """
    # TODO(student): start from dZ2 = (P - y) / n and apply the chain rule layer by layer.
    raise NotImplementedError("backward")
