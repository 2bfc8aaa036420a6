# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.1: activations, their derivatives, and a numerical derivative to check them.

An activation ``f`` is applied element-wise to pre-activations ``z``; backprop needs its
derivative ``f'(z)`` at the same points. A central finite difference gives an independent
estimate of ``f'(z)``, which is how we convince ourselves the analytic formula is right.

En español:

Ejercicio 7.1: activaciones, sus derivadas y una derivada numérica para comprobarlas.

Una activación ``f`` se aplica elemento a elemento a las preactivaciones ``z``; la
retropropagación necesita su derivada ``f'(z)`` en esos mismos puntos. Una diferencia finita
central da una estimación independiente de ``f'(z)``, y así nos convencemos de que la fórmula
analítica es correcta.
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

    En español:

    Función logística 1 / (1 + exp(-z)), elemento a elemento, segura para cualquier entrada de
    tipo float.

    Argumentos:
        z: preactivaciones, de cualquier forma (se aceptan listas).
    Devuelve:
        valores en [0, 1], con la misma forma que ``z``.

    Error común: calcular exp(-z) para z muy negativo desborda a inf. Exponencia solo números no
    positivos (o recorta z) para que +-1000 siga dando un valor finito.
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

    En español:

    Derivada de la sigmoide, escrita en función de la propia sigmoide.

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        sigma(z) * (1 - sigma(z)), con la misma forma que ``z``; como mucho 0.25.

    Error común: pasar la activación a = sigma(z) en lugar de z, con lo que la sigmoide se
    aplica dos veces.
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

    En español:

    Unidad lineal rectificada max(0, z), elemento a elemento.

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        valores no negativos, con la misma forma que ``z``.

    Error común: usar max() de Python, que no funciona elemento a elemento sobre arrays.
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

    En español:

    Derivada de ReLU: 1 donde z > 0 y 0 en el resto (en el pico z = 0 usamos 0, como PyTorch).

    Argumentos:
        z: preactivaciones, de cualquier forma.
    Devuelve:
        array float de 0.0 / 1.0, con la misma forma que ``z``.

    Error común: devolver un array booleano: multiplicar gradientes por él funciona, pero las
    comprobaciones de forma y dtype y la aritmética float in situ no.
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

    En español:

    Estimación por diferencia finita central de f'(z) para una función f que actúa elemento a
    elemento.

    Argumentos:
        f: función elemento a elemento; lleva un array a otro array de la misma forma.
        z: puntos donde se quiere la derivada, de cualquier forma.
        h: semiancho de la diferencia; su error de truncamiento se reduce como h**2.
    Devuelve:
        (f(z + h) - f(z - h)) / (2h), con la misma forma que ``z``.

    Error común: la diferencia de un solo lado (f(z + h) - f(z)) / h, cuyo error solo se reduce
    como h; y un h tan pequeño (por ejemplo 1e-12) que el error de redondeo se come la
    diferencia.
    """
    # TODO(student): evaluate f a step h on each side of z and divide by the width 2h.
    raise NotImplementedError("num_derivative")
