# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.2: a dense (fully connected) layer's forward pass on a batch.

Batch-first convention: each row of ``X`` is one example, so the layer is ``X @ W + b``
with ``W`` of shape (d_in, d_out). Writing the shapes down first makes the code obvious.

En español:

Ejercicio 7.2: la pasada hacia delante de una capa densa (totalmente conectada) sobre un lote.

Convención de lote primero: cada fila de ``X`` es un ejemplo, así que la capa es ``X @ W + b``
con ``W`` de forma (d_in, d_out). Si escribes primero las formas, el código sale solo.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def dense_forward(X: npt.ArrayLike, W: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """Affine layer, batch first.

    Args:
        X: inputs, shape (n, d_in)
        W: weights, shape (d_in, d_out)
        b: biases, shape (d_out,)
    Returns:
        Z: shape (n, d_out), with Z[i] = X[i] @ W + b

    Common mistake: storing W as (d_out, d_in) and then sprinkling transposes to make the
    shapes fit, or giving b a shape that broadcasts along the batch axis instead of the
    output axis.

    En español:

    Capa afín, con el lote primero.

    Argumentos:
        X: entradas, forma (n, d_in)
        W: pesos, forma (d_in, d_out)
        b: sesgos, forma (d_out,)
    Devuelve:
        Z: forma (n, d_out), con Z[i] = X[i] @ W + b

    Error común: guardar W como (d_out, d_in) y luego ir añadiendo transpuestas hasta que las
    formas encajen, o dar a b una forma que se difunde (broadcasting) por el eje del lote en
    lugar de por el eje de salida.
    """
    # TODO(student): one matrix product plus a bias that broadcasts over the batch rows.
    raise NotImplementedError("dense_forward")
