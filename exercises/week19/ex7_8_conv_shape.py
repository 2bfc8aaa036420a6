# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.8: the output size of a 2-D convolution.

Every spatial axis is handled on its own. Padding adds ``padding`` zeros on *both* sides, the
kernel must fit entirely inside the padded input, and the kernel then moves ``stride`` steps
at a time. Positions where the kernel would stick out past the edge are dropped, which is why
the division rounds down.

En español:

Ejercicio 7.8: el tamaño de salida de una convolución 2-D.

Cada eje espacial se trata por separado. El relleno añade ``padding`` ceros en *ambos* lados, el
núcleo tiene que caber entero dentro de la entrada rellenada, y después el núcleo avanza
``stride`` pasos cada vez. Las posiciones en las que el núcleo se saldría del borde se
descartan, y por eso la división redondea hacia abajo.
"""

from __future__ import annotations


def conv2d_out(
    H: int, W: int, KH: int, KW: int, stride: int = 1, padding: int = 0
) -> tuple[int, int]:
    """Spatial output size of a convolution (no dilation), rounding down.

    For each axis: ``out = floor((in + 2 * padding - kernel) / stride) + 1``.

    Args:
        H: input height in pixels.
        W: input width in pixels.
        KH: kernel height.
        KW: kernel width.
        stride: step between neighbouring kernel positions (the same on both axes).
        padding: zeros added on each side of both axes.
    Returns:
        (H_out, W_out): the output height and width, as Python ints.

    Common mistake: adding the padding once (``+ padding``) instead of on both sides
    (``+ 2 * padding``), or rounding up instead of down when the stride does not divide evenly.

    En español:

    Tamaño espacial de la salida de una convolución (sin dilatación), redondeando hacia abajo.

    Para cada eje: ``out = floor((in + 2 * padding - kernel) / stride) + 1``.

    Argumentos:
        H: altura de la entrada en píxeles.
        W: anchura de la entrada en píxeles.
        KH: altura del núcleo.
        KW: anchura del núcleo.
        stride: paso entre posiciones vecinas del núcleo (el mismo en los dos ejes).
        padding: ceros añadidos a cada lado de los dos ejes.
    Devuelve:
        (H_out, W_out): la altura y la anchura de la salida, como enteros de Python.

    Error común: sumar el relleno una sola vez (``+ padding``) en lugar de en los dos lados
    (``+ 2 * padding``), o redondear hacia arriba en lugar de hacia abajo cuando el paso no
    divide exactamente.
    """
    # TODO(student): apply floor((size + 2*padding - kernel) / stride) + 1 to each axis.
    raise NotImplementedError("conv2d_out")


if __name__ == "__main__":
    print("28x28, 5x5 kernel, no padding ->", conv2d_out(28, 28, 5, 5))
    print("28x28, 5x5 kernel, padding 2  ->", conv2d_out(28, 28, 5, 5, padding=2))
    print("28x28, 5x5 kernel, stride 2   ->", conv2d_out(28, 28, 5, 5, stride=2))
