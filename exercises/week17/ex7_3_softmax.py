# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.3: numerically stable log-sum-exp and softmax, and categorical cross-entropy.

Adding a constant c to every logit leaves softmax unchanged and shifts log-sum-exp by
exactly c. Choosing c = -max(z) means the largest exponent is exp(0) = 1, so nothing
overflows however large the logits are.

En español:

Ejercicio 7.3: log-sum-exp y softmax numéricamente estables, y entropía cruzada categórica.

Sumar una constante c a todos los logits deja softmax igual y desplaza log-sum-exp exactamente
en c. Si eliges c = -max(z), el mayor exponente es exp(0) = 1, así que nada se desborda por
grandes que sean los logits.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def logsumexp(z: npt.ArrayLike, axis: int = -1, keepdims: bool = False) -> FloatArray:
    """log(sum(exp(z))) along one axis, without overflow.

    Args:
        z: logits, any shape with at least one dimension.
        axis: the axis to reduce.
        keepdims: keep the reduced axis with length 1 (handy for broadcasting back).
    Returns:
        ``z``'s shape without ``axis`` (or with length 1 there when ``keepdims``).

    Common mistake: np.log(np.sum(np.exp(z))) directly, which gives inf for a logit of
    1000 even though the answer is about 1000; or shifting by the max of the whole array
    instead of the max along ``axis``, so a slice far below it underflows to log(0).

    En español:

    log(sum(exp(z))) a lo largo de un eje, sin desbordamiento.

    Argumentos:
        z: logits, de cualquier forma con al menos una dimensión.
        axis: el eje que se reduce.
        keepdims: conserva el eje reducido con longitud 1 (útil para volver a difundirlo).
    Devuelve:
        la forma de ``z`` sin ``axis`` (o con longitud 1 en ese eje si ``keepdims``).

    Error común: np.log(np.sum(np.exp(z))) directamente, que da inf para un logit de 1000 aunque
    la respuesta es aproximadamente 1000; o desplazar por el máximo de todo el array en lugar
    del máximo a lo largo de ``axis``, de modo que una porción muy por debajo de él se queda en
    log(0) por subdesbordamiento.
    """
    # TODO(student): pull the max out of the sum, exponentiate the shifted logits, add it back.
    raise NotImplementedError("logsumexp")


def softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    """Softmax along one axis: exp(z) / sum(exp(z)), computed stably.

    Args:
        z: logits, any shape, e.g. (n, k) for a batch of n examples with k classes.
        axis: the class axis.
    Returns:
        probabilities, same shape as ``z``, summing to 1 along ``axis``.

    Common mistake: exponentiating the raw logits (overflow to inf, then inf / inf = nan).

    En español:

    Softmax a lo largo de un eje: exp(z) / sum(exp(z)), calculado de forma estable.

    Argumentos:
        z: logits, de cualquier forma, p. ej. (n, k) para un lote de n ejemplos con k clases.
        axis: el eje de las clases.
    Devuelve:
        probabilidades, con la misma forma que ``z``, que suman 1 a lo largo de ``axis``.

    Error común: exponenciar los logits sin desplazar (desbordamiento a inf, y luego inf / inf =
    nan).
    """
    # TODO(student): subtract the max along the axis, exponentiate, divide by the sum.
    raise NotImplementedError("softmax")


def categorical_cross_entropy(
    y_true: npt.ArrayLike, y_pred: npt.ArrayLike, eps: float = 1e-15
) -> float:
    """Mean over the batch of -sum_k y_true[k] * log(y_pred[k]).

    Args:
        y_true: one-hot (or soft) targets, shape (n, k).
        y_pred: predicted probabilities, shape (n, k), rows summing to 1.
        eps: lower bound applied to y_pred before the log.
    Returns:
        the loss as a Python float (>= 0).

    Common mistake: taking log(0) when a predicted probability underflows to zero; adding
    a constant inside the log, log(y_pred + 1e-7), instead of clipping with ``eps``; picking
    log(y_pred) at argmax(y_true) only, which is wrong for soft targets; or using the binary
    cross-entropy formula (with its (1 - y) log(1 - p) term) here.

    En español:

    Media sobre el lote de -sum_k y_true[k] * log(y_pred[k]).

    Argumentos:
        y_true: objetivos one-hot (o suaves), forma (n, k).
        y_pred: probabilidades predichas, forma (n, k), con filas que suman 1.
        eps: cota inferior que se aplica a y_pred antes del logaritmo.
    Devuelve:
        la pérdida como float de Python (>= 0).

    Error común: calcular log(0) cuando una probabilidad predicha se queda en cero por
    subdesbordamiento; sumar una constante dentro del logaritmo, log(y_pred + 1e-7), en lugar de
    recortar con ``eps``; tomar log(y_pred) solo en argmax(y_true), lo que falla con objetivos
    suaves; o usar aquí la fórmula de la entropía cruzada binaria (con su término (1 - y) log(1
    - p)).
    """
    # TODO(student): clip the probabilities, sum over classes, average over the batch.
    raise NotImplementedError("categorical_cross_entropy")
