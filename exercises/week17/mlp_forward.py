# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""MLP forward: more activations, weight initialisation, and a forward pass of any depth.

A multilayer perceptron is a stack of dense layers ``Z_l = A_{l-1} @ W_l + b_l`` with a
non-linearity after each one. Hidden layers share one activation; the last layer's
activation turns scores into what the task needs (class probabilities, a probability per
output, or raw values for regression).

En español:

Pasada hacia delante de un MLP: más activaciones, inicialización de pesos y una pasada hacia
delante de cualquier profundidad.

Un perceptrón multicapa es una pila de capas densas ``Z_l = A_{l-1} @ W_l + b_l`` con una no
linealidad después de cada una. Las capas ocultas comparten una misma activación; la activación
de la última capa convierte las puntuaciones en lo que pide la tarea (probabilidades de clase,
una probabilidad por salida o valores sin transformar para regresión).
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

    En español:

    Tangente hiperbólica, elemento a elemento: una función de compresión centrada en cero que
    lleva a (-1, 1).

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        valores en [-1, 1], con la misma forma que ``z``.

    Error común: escribir a mano (e^z - e^-z) / (e^z + e^-z), que se desborda para |z| alrededor
    de 710 (la función de la biblioteca no).
    """
    # TODO(student): NumPy already has a stable element-wise tanh.
    raise NotImplementedError("tanh")


def tanh_deriv(z: npt.ArrayLike) -> FloatArray:
    """Derivative of tanh at the pre-activation z.

    Args:
        z: pre-activations, any shape.
    Returns:
        1 - tanh(z)**2, same shape as ``z``, in (0, 1].

    Common mistake: 1 - z**2, i.e. forgetting that the formula is in terms of tanh(z).

    En español:

    Derivada de tanh en la preactivación z.

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        1 - tanh(z)**2, con la misma forma que ``z``, en (0, 1].

    Error común: 1 - z**2, es decir, olvidar que la fórmula está escrita en función de tanh(z).
    """
    # TODO(student): express the derivative through t = tanh(z).
    raise NotImplementedError("tanh_deriv")


def softmax(z: npt.ArrayLike, axis: int = -1) -> FloatArray:
    """Numerically stable softmax along ``axis``.

    Args:
        z: logits, e.g. shape (n, k).
        axis: the class axis.
    Returns:
        probabilities, same shape as ``z``, summing to 1 along ``axis``.

    Common mistake: exponentiating raw logits, which overflows for large scores.

    En español:

    Softmax numéricamente estable a lo largo de ``axis``.

    Argumentos:
        z: logits, p. ej. de forma (n, k).
        axis: el eje de las clases.
    Devuelve:
        probabilidades, con la misma forma que ``z``, que suman 1 a lo largo de ``axis``.

    Error común: exponenciar los logits sin desplazar, lo que se desborda con puntuaciones
    grandes.
    """
    # TODO(student): shift by the max along the axis before exponentiating, then normalise.
    raise NotImplementedError("softmax")


def softmax_jacobian(z: npt.ArrayLike) -> FloatArray:
    """Jacobian of softmax (over the last axis) for every row of a batch.

    With p = softmax(z), the entry J[a, b] = d p_a / d z_b = p_a * (delta_ab - p_b).

    Args:
        z: logits, shape (n, k), or a single example of shape (k,).
    Returns:
        J: shape (n, k, k), or (k, k) for a 1-D input.

    Common mistake: forgetting the off-diagonal terms (-p_a * p_b) and returning only
    p * (1 - p), which is the sigmoid's derivative, not softmax's.

    En español:

    Jacobiana de softmax (sobre el último eje) para cada fila de un lote.

    Con p = softmax(z), la entrada J[a, b] = d p_a / d z_b = p_a * (delta_ab - p_b).

    Argumentos:
        z: logits, forma (n, k), o un único ejemplo de forma (k,).
    Devuelve:
        J: forma (n, k, k), o (k, k) para una entrada 1-D.

    Error común: olvidar los términos fuera de la diagonal (-p_a * p_b) y devolver solo p * (1 -
    p), que es la derivada de la sigmoide, no la de softmax.
    """
    # TODO(student): diag(p) minus the outer product p p^T, batched with broadcasting.
    raise NotImplementedError("softmax_jacobian")


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

    En español:

    Pesos aleatorios y sesgos a cero para cada capa de un MLP.

    La capa l lleva layer_sizes[l - 1] unidades a layer_sizes[l] unidades. Los pesos se generan
    capa a capa como ``rng.standard_normal((fan_in, fan_out)) * std`` con std = sqrt(2 / fan_in)
    para "he" (adecuada para ReLU) y sqrt(2 / (fan_in + fan_out)) para "xavier" (adecuada para
    tanh / sigmoide).

    Argumentos:
        layer_sizes: [d0, d1, ..., dL], al menos dos elementos.
        rng: el generador aleatorio del que se extraen los pesos (quien llama controla la
            reproducibilidad).
        scheme: "he" o "xavier".
    Devuelve:
        [(W1, b1), ..., (WL, bL)] con W_l de forma (d_{l-1}, d_l) y b_l de forma (d_l,).
    Excepciones:
        ValueError: un esquema desconocido, o menos de dos tamaños de capa.

    Error común: una única std constante y pequeña (por ejemplo 0.01) para todas las capas, con
    lo que las activaciones se encogen hacia cero a medida que la red se hace más profunda.
    """
    # TODO(student): for each consecutive (fan_in, fan_out) pair pick std from the scheme.
    raise NotImplementedError("init_params")


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

    En español:

    Pasa un lote por todas las capas de un MLP.

    Cada capa calcula Z = A @ W + b. Todas las capas salvo la última aplican
    ``hidden_activation``; la última aplica ``output_activation`` (softmax sobre el último eje,
    sigmoide elemento a elemento o identidad). Con una sola capa solo se usa la activación de
    salida.

    Argumentos:
        X: entradas, forma (n, d0).
        params: [(W1, b1), ..., (WL, bL)], W_l de forma (d_{l-1}, d_l), b_l de forma (d_l,).
        hidden_activation: "relu", "tanh" o "sigmoid".
        output_activation: "softmax", "sigmoid" o "identity".
    Devuelve:
        salidas, forma (n, dL).
    Excepciones:
        ValueError: un nombre de activación que no está en las listas de arriba, o ninguna capa.

    Error común: aplicar también la activación oculta a la última capa (p. ej. ReLU antes de
    softmax), o softmax sobre el eje del lote en lugar del eje de las clases.
    """
    # TODO(student): loop over layers; affine step, then hidden act (all but last) / output act.
    raise NotImplementedError("mlp_forward")
