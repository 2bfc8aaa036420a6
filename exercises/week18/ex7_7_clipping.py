# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.7: gradient clipping by global norm.

When a gradient is much longer than usual, one update can throw the parameters far away.
Clipping by norm rescales such a gradient to length ``max_norm`` and leaves its direction
alone; gradients that are already short enough pass through untouched.

En español:

Ejercicio 7.7: recorte de gradientes por norma global.

Cuando un gradiente es mucho más largo de lo normal, una sola actualización puede mandar los
parámetros muy lejos. El recorte por norma reescala ese gradiente a longitud ``max_norm`` y no
toca su dirección; los gradientes que ya son lo bastante cortos pasan sin cambios.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def clip_by_norm(g: npt.ArrayLike, max_norm: float) -> FloatArray:
    """Rescale g so that its L2 norm (over all entries) is at most ``max_norm``.

    Args:
        g: gradient, any shape (the norm is taken over every entry, not per row).
        max_norm: the largest allowed norm, > 0.
    Returns:
        an array of g's shape: g's values if ||g|| <= max_norm (returning g itself is
        allowed there, as the seed does; the reference returns a copy), otherwise
        g * (max_norm / ||g||). The input is never modified.

    Common mistake: clipping each entry to [-max_norm, max_norm], which changes the
    gradient's direction; dividing by a zero norm; or rescaling the caller's array in place.

    En español:

    Reescala g para que su norma L2 (sobre todas sus entradas) sea como mucho ``max_norm``.

    Argumentos:
        g: gradiente, de cualquier forma (la norma se toma sobre todas las entradas, no por
            filas).
        max_norm: la mayor norma permitida, > 0.
    Devuelve:
        un array con la forma de g: los valores de g si ||g|| <= max_norm (ahí se permite
            devolver el propio g, como hace la semilla; la referencia devuelve una copia), y si
            no g * (max_norm / ||g||). La entrada nunca se modifica.

    Error común: recortar cada entrada a [-max_norm, max_norm], lo que cambia la dirección del
    gradiente; dividir por una norma cero; o reescalar in situ el array de quien llama.
    """
    # TODO(student): compute the norm once; rescale a copy only when it exceeds max_norm.
    raise NotImplementedError("clip_by_norm")
