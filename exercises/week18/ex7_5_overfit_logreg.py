# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.5: the overfit test, on the simplest model that has one.

Before trusting a training loop on real data, check that it can drive the loss down on
a handful of easy points. Logistic regression on two well-separated blobs must reach
(near) perfect training accuracy; if it does not, suspect the code, not the model.

En español:

Ejercicio 7.5: la prueba de sobreajuste, con el modelo más sencillo que la admite.

Antes de fiarte de un bucle de entrenamiento con datos reales, comprueba que es capaz de bajar
la función de pérdida en un puñado de puntos fáciles. La regresión logística sobre dos nubes de
puntos bien separadas tiene que alcanzar una exactitud de entrenamiento (casi) perfecta; si no
lo hace, sospecha del código, no del modelo.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


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


def bce(y: npt.ArrayLike, p: npt.ArrayLike, eps: float = 1e-15) -> float:
    """Binary cross-entropy averaged over every entry, with clipped logs (given).

    Args:
        y: 0/1 targets, shape (n, 1).
        p: predicted probabilities, shape (n, 1).
        eps: p is clipped into [eps, 1 - eps].
    Returns:
        the mean loss as a Python float.

    Common mistake: y of shape (n,) against p of shape (n, 1) silently broadcasts to (n, n).
    """
    y = np.asarray(y, dtype=np.float64)
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)))


def make_separable_data(n: int = 16, seed: int = 1) -> tuple[FloatArray, FloatArray]:
    """Two Gaussian blobs (unit variance) centred at (2, 2) and (-2, -2).

    Args:
        n: number of points; the first n // 2 are the positive blob.
        seed: seed for ``np.random.default_rng``.
    Returns:
        X: shape (n, 2)
        y: shape (n, 1), 1.0 for the first n // 2 rows and 0.0 for the rest

    Common mistake: returning labels of shape (n,), which later broadcasts against
    predictions of shape (n, 1) into an (n, n) array.

    En español:

    Dos nubes gaussianas (varianza unidad) centradas en (2, 2) y (-2, -2).

    Argumentos:
        n: número de puntos; los n // 2 primeros forman la nube positiva.
        seed: semilla para ``np.random.default_rng``.
    Devuelve:
        X: forma (n, 2)
        y: forma (n, 1), 1.0 para las n // 2 primeras filas y 0.0 para el resto

    Error común: devolver etiquetas de forma (n,), que más adelante se difunden contra
    predicciones de forma (n, 1) y dan un array (n, n).
    """
    # TODO(student): draw each blob from one generator, stack them, and build (n, 1) labels.
    raise NotImplementedError("make_separable_data")


def train_logistic_regression(
    X: npt.ArrayLike, y: npt.ArrayLike, lr: float = 0.2, steps: int = 400
) -> tuple[FloatArray, float, list[float]]:
    """Full-batch gradient descent on the mean BCE, starting from w = 0, b = 0.

    Args:
        X: inputs, shape (n, d)
        y: 0/1 targets, shape (n, 1) (a column, as make_separable_data returns them)
        lr: learning rate
        steps: number of gradient steps
    Returns:
        w: shape (d, 1)
        b: the bias, a Python float
        losses: list of length ``steps``; losses[i] is the loss just before step i

    Common mistake: a learning rate so small that the loss barely moves, then concluding
    that the model cannot fit; or measuring accuracy with mismatched shapes.

    En español:

    Descenso de gradiente con el lote completo sobre la BCE media, partiendo de w = 0, b = 0.

    Argumentos:
        X: entradas, forma (n, d)
        y: objetivos 0/1, forma (n, 1) (una columna, tal como los devuelve make_separable_data)
        lr: tasa de aprendizaje
        steps: número de pasos de gradiente
    Devuelve:
        w: forma (d, 1)
        b: el sesgo, un float de Python
        losses: lista de longitud ``steps``; losses[i] es la pérdida justo antes del paso i

    Error común: una tasa de aprendizaje tan pequeña que la pérdida apenas se mueve, y concluir
    entonces que el modelo no puede ajustarse; o medir la exactitud con formas que no casan.
    """
    # TODO(student): each step: p = sigmoid(X w + b), record bce, dz = (p - y) / n, update.
    raise NotImplementedError("train_logistic_regression")
