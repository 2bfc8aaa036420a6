# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Week 19 shape quiz: the output shape of every LeNet layer, worked out on paper.

The network is the one in ``cnn_forward.lenet_forward``: conv1 (5x5, padding 2) -> relu ->
max pool 2 -> conv2 (5x5, no padding) -> relu -> max pool 2 -> flatten -> fc1 (120) -> relu ->
fc2 (84) -> relu -> fc3 (10). ReLU never changes a shape, so it has no entry of its own.

The answer comes from the size formula alone; nothing is run.

En español:

Cuestionario de formas de la semana 19: la forma de salida de cada capa de LeNet, calculada
sobre el papel.

La red es la de ``cnn_forward.lenet_forward``: conv1 (5x5, padding 2) -> relu -> max pool 2 ->
conv2 (5x5, sin padding) -> relu -> max pool 2 -> flatten -> fc1 (120) -> relu -> fc2 (84) ->
relu -> fc3 (10). ReLU nunca cambia una forma, así que no tiene entrada propia.

La respuesta sale solo de la fórmula del tamaño; no se ejecuta nada.
"""

from __future__ import annotations


def conv2d_out(
    H: int, W: int, KH: int, KW: int, stride: int = 1, padding: int = 0
) -> tuple[int, int]:
    """Spatial output size of a convolution or pooling window (given; see exercise 7.8).

    Args:
        H, W: input height and width.
        KH, KW: window height and width.
        stride: step between window positions.
        padding: zeros added on each side.
    Returns:
        (H_out, W_out) with ``out = (in + 2 * padding - kernel) // stride + 1`` on each axis.
    """
    return (H + 2 * padding - KH) // stride + 1, (W + 2 * padding - KW) // stride + 1


def lenet_shapes(n: int = 1, h: int = 28, w: int = 28) -> dict[str, tuple[int, ...]]:
    """Output shape of each LeNet layer for an input batch of shape (n, 1, h, w).

    Pooling is a window like any other: a 2x2 max pool with stride 2 obeys the same formula as
    a 2x2 convolution with stride 2 and no padding, it just keeps the number of channels.

    Args:
        n: batch size, n >= 1.
        h: image height, h >= 12 (smaller images shrink to nothing before the dense layers).
        w: image width, w >= 12.
    Returns:
        ``{"input", "conv1", "pool1", "conv2", "pool2", "flatten", "fc1", "fc2", "fc3"}`` in
        that order, each mapped to a shape tuple; for (1, 1, 28, 28): conv1 (1, 6, 28, 28),
        pool1 (1, 6, 14, 14), conv2 (1, 16, 10, 10), pool2 (1, 16, 5, 5), flatten (1, 400),
        fc1 (1, 120), fc2 (1, 84), fc3 (1, 10).

    Common mistake: treating pooling as if it kept the spatial size, or computing the flatten
    size as height * width and forgetting to multiply by the channels.

    En español:

    Forma de salida de cada capa de LeNet para un lote de entrada de forma (n, 1, h, w).

    El pooling es una ventana como cualquier otra: un max pool de 2x2 con paso 2 obedece la
    misma fórmula que una convolución de 2x2 con paso 2 y sin relleno; solo que conserva el
    número de canales.

    Argumentos:
        n: tamaño del lote, n >= 1.
        h: altura de la imagen, h >= 12 (las imágenes más pequeñas se quedan en nada antes de
            las capas densas).
        w: anchura de la imagen, w >= 12.
    Devuelve:
        ``{"input", "conv1", "pool1", "conv2", "pool2", "flatten", "fc1", "fc2", "fc3"}`` en ese
            orden, cada una asociada a una tupla con su forma; para (1, 1, 28, 28): conv1 (1, 6,
            28, 28), pool1 (1, 6, 14, 14), conv2 (1, 16, 10, 10), pool2 (1, 16, 5, 5), flatten
            (1, 400), fc1 (1, 120), fc2 (1, 84), fc3 (1, 10).

    Error común: tratar el pooling como si conservara el tamaño espacial, o calcular el tamaño
    del aplanado como altura * anchura y olvidar multiplicar por los canales.
    """
    shapes: dict[str, tuple[int, ...]] = {"input": (n, 1, h, w)}
    # TODO(student): chain conv2d_out through conv1, pool1, conv2, pool2; then flatten and fc.
    raise NotImplementedError("lenet_shapes")


if __name__ == "__main__":
    for layer, shape in lenet_shapes().items():
        print(f"{layer:>8}: {shape}")
