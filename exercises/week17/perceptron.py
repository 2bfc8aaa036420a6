# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""The perceptron: one neuron with a step activation, and Rosenblatt's learning rule.

A perceptron draws one straight line (a hyperplane in more dimensions) and says 1 on one
side and 0 on the other: ``step(X @ w + b)``. Its learning rule visits the examples one at
a time and moves the line only when an example is on the wrong side. When some line
separates the two classes the rule finds one in a finite number of updates (AND, OR, NAND);
when no line does (XOR), it never stops making mistakes.

En español:

El perceptrón: una neurona con activación escalón y la regla de aprendizaje de Rosenblatt.

Un perceptrón traza una línea recta (un hiperplano en más dimensiones) y dice 1 a un lado y 0 al
otro: ``step(X @ w + b)``. Su regla de aprendizaje recorre los ejemplos de uno en uno y solo
mueve la línea cuando un ejemplo queda en el lado equivocado. Si alguna línea separa las dos
clases, la regla encuentra una en un número finito de actualizaciones (AND, OR, NAND); si
ninguna lo hace (XOR), nunca deja de equivocarse.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

# The inputs of a two-input gate, one row per combination, and each gate's outputs.
GATE_INPUTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
GATES: dict[str, tuple[float, ...]] = {
    "and": (0.0, 0.0, 0.0, 1.0),
    "or": (0.0, 1.0, 1.0, 1.0),
    "nand": (1.0, 1.0, 1.0, 0.0),
    "xor": (0.0, 1.0, 1.0, 0.0),
}


def truth_table(gate: str) -> tuple[FloatArray, FloatArray]:
    """The four input pairs of a two-input logic gate and its output for each (given).

    Args:
        gate: "and", "or", "nand" or "xor".
    Returns:
        X: shape (4, 2), the rows (0, 0), (0, 1), (1, 0), (1, 1) in that order.
        y: shape (4,), the gate's output for each row, 0.0 or 1.0.
    Raises:
        ValueError: an unknown gate.
    """
    if gate not in GATES:
        raise ValueError(f"unknown gate {gate!r}; choose from {', '.join(GATES)}")
    return np.array(GATE_INPUTS), np.array(GATES[gate])


def step(z: npt.ArrayLike) -> FloatArray:
    """The step (Heaviside) activation, element-wise: 1.0 where z >= 0, else 0.0.

    Args:
        z: pre-activations, any shape.
    Returns:
        0.0 or 1.0 for each entry, same shape as ``z`` (float64).

    Common mistake: `z > 0`, which puts z = 0 in class 0: this workbook sends z = 0 to
    class 1, and since training starts from w = 0 and b = 0 the very first prediction
    depends on it.

    En español:

    La activación escalón (de Heaviside), elemento a elemento: 1.0 donde z >= 0 y 0.0 en el
    resto.

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        0.0 o 1.0 para cada entrada, con la misma forma que ``z`` (float64).

    Error común: `z > 0`, que pone z = 0 en la clase 0: este cuaderno de trabajo manda z = 0 a
    la clase 1 y, como el entrenamiento empieza con w = 0 y b = 0, la primera predicción depende
    justo de eso.
    """
    # TODO(student): compare with 0 (z = 0 counts as class 1) and turn the booleans into floats.
    raise NotImplementedError("step")


def predict(X: npt.ArrayLike, w: npt.ArrayLike, b: float) -> FloatArray:
    """The perceptron's class for every row of a batch: step(X @ w + b).

    Args:
        X: inputs, shape (n, d), one example per row.
        w: weights, shape (d,).
        b: bias, a number.
    Returns:
        predicted classes, shape (n,), each 0.0 or 1.0.

    Common mistake: thresholding z at 0.5 (a habit from sigmoid outputs), when the step's
    boundary is z = 0.

    En español:

    La clase del perceptrón para cada fila de un lote: step(X @ w + b).

    Argumentos:
        X: entradas, forma (n, d), un ejemplo por fila.
        w: pesos, forma (d,).
        b: sesgo, un número.
    Devuelve:
        clases predichas, forma (n,), cada una 0.0 o 1.0.

    Error común: usar 0.5 como umbral para z (una costumbre de las salidas de la sigmoide),
    cuando la frontera del escalón está en z = 0.
    """
    # TODO(student): one matrix-vector product for the whole batch, then the step.
    raise NotImplementedError("predict")


def train_perceptron(
    X: npt.ArrayLike, y: npt.ArrayLike, lr: float, epochs: int
) -> tuple[FloatArray, float, list[int]]:
    """Rosenblatt's perceptron rule, one example at a time, from w = 0 and b = 0.

    Each epoch visits the rows of ``X`` in order. For row i the prediction is
    ``step(X[i] @ w + b)``; with ``error = y[i] - prediction`` (0, +1 or -1) the rule is
    ``w += lr * error * X[i]`` and ``b += lr * error``, so the line moves only when the
    example is on the wrong side, and always towards it. Every epoch runs, even after one
    without mistakes (the weights then stay as they are).

    Args:
        X: inputs, shape (n, d).
        y: labels, shape (n,), each 0 or 1.
        lr: learning rate, > 0.
        epochs: passes over the data, >= 1.
    Returns:
        w: weights, shape (d,).
        b: bias, a float.
        mistakes: a list of ``epochs`` ints, the number of examples that were on the wrong
            side (and so caused an update) during each epoch.

    Common mistakes: updating w and b on points that are already classified correctly;
    leaving out the bias, or never updating it (the line is then stuck through the origin,
    and AND cannot be learned); the wrong sign (`w -= ...` pushes the line away from the
    point it got wrong); a mistake counter that is not reset at the start of each epoch.

    En español:

    La regla del perceptrón de Rosenblatt, ejemplo a ejemplo, partiendo de w = 0 y b = 0.

    Cada época recorre las filas de ``X`` en orden. Para la fila i la predicción es
    ``step(X[i] @ w + b)``; con ``error = y[i] - prediction`` (0, +1 o -1) la regla es
    ``w += lr * error * X[i]`` y ``b += lr * error``, así que la línea solo se mueve cuando el
    ejemplo está en el lado equivocado, y siempre hacia él. Se ejecutan todas las épocas,
    incluso después de una sin errores (los pesos se quedan entonces como están).

    Argumentos:
        X: entradas, forma (n, d).
        y: etiquetas, forma (n,), cada una 0 o 1.
        lr: tasa de aprendizaje, > 0.
        epochs: pasadas sobre los datos, >= 1.
    Devuelve:
        w: pesos, forma (d,).
        b: sesgo, un float.
        mistakes: una lista de ``epochs`` enteros: el número de ejemplos que quedaron en el lado
            equivocado (y provocaron por tanto una actualización) en cada época.

    Errores comunes: actualizar w y b en puntos que ya están bien clasificados; omitir el sesgo
    o no actualizarlo nunca (la línea queda entonces clavada en el origen y AND no se puede
    aprender); el signo equivocado (`w -= ...` aleja la línea del punto que clasificó mal); un
    contador de errores que no se pone a cero al empezar cada época.
    """
    # TODO(student): loop over epochs and rows; predict one row, and update only on an error.
    raise NotImplementedError("train_perceptron")
