# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Week 19: the forward pass of a small CNN (LeNet) in NumPy.

Only the forward pass: the point is to master the shapes. Training happens in PyTorch in
week 20, and the parameter names here match that model's ``state_dict`` key for key, so the
weights PyTorch learns can be loaded straight into :func:`lenet_forward`.

Layout is PyTorch's throughout: images are ``(n, channels, height, width)``, conv kernels are
``(c_out, c_in, kh, kw)`` and dense weights are ``(d_out, d_in)``.

No loops over pixels. ``np.lib.stride_tricks.sliding_window_view`` returns every kernel-sized
window of an array as a *view* (no copy), so a convolution becomes one contraction of that
window stack with the kernels (``np.tensordot``), and pooling becomes a ``max`` or ``mean``
over the last two axes of it.

En español:

Semana 19: la pasada hacia delante de una CNN pequeña (LeNet) en NumPy.

Solo la pasada hacia delante: se trata de dominar las formas. El entrenamiento se hace con
PyTorch en la semana 20, y los nombres de los parámetros de aquí coinciden clave por clave con
el ``state_dict`` de ese modelo, así que los pesos que aprende PyTorch se pueden cargar
directamente en :func:`lenet_forward`.

La disposición es siempre la de PyTorch: las imágenes son ``(n, channels, height, width)``, los
núcleos de convolución son ``(c_out, c_in, kh, kw)`` y los pesos densos son ``(d_out, d_in)``.

Nada de bucles sobre píxeles. ``np.lib.stride_tricks.sliding_window_view`` devuelve cada ventana
del tamaño del núcleo de un array como una *vista* (sin copia), así que una convolución se
convierte en una sola contracción de esa pila de ventanas con los núcleos (``np.tensordot``), y
el pooling en un ``max`` o un ``mean`` sobre sus dos últimos ejes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


def _as_float(a: np.ndarray) -> np.ndarray:
    """Return ``a`` as a floating array: float32 and float64 stay as they are, the rest become
    float64."""
    a = np.asarray(a)
    return a if a.dtype in (np.float32, np.float64) else a.astype(np.float64)


def relu(z: np.ndarray) -> np.ndarray:
    """Rectified linear unit, element-wise; keeps the shape and the dtype.

    Args:
        z: any shape.
    Returns:
        max(z, 0), same shape as ``z``.
    """
    out: np.ndarray = np.maximum(z, 0)
    return out


def conv2d_forward(
    X: np.ndarray, W: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """2-D convolution, computed as a cross-correlation (what ``torch.nn.functional.conv2d``
    does: the kernel is not flipped).

    Args:
        X: input batch, shape (n, c_in, h, w).
        W: kernels, shape (c_out, c_in, kh, kw).
        b: one bias per output channel, shape (c_out,).
        stride: step between kernel positions, the same on both axes.
        padding: zeros added on every side of the image (top, bottom, left and right).
    Returns:
        Z: shape (n, c_out, h_out, w_out), where
        ``h_out = (h + 2 * padding - kh) // stride + 1`` and likewise for ``w_out``.

    Common mistake: padding only one side of each axis; padding the batch or channel axes
    too; flipping the kernel (that is the textbook convolution, not what deep-learning
    libraries compute); assuming a square kernel (kh == kw); or adding the bias to every
    product of a window instead of once per output value.

    En español:

    Convolución 2-D, calculada como una correlación cruzada (lo que hace
    ``torch.nn.functional.conv2d``: el núcleo no se voltea).

    Argumentos:
        X: lote de entrada, forma (n, c_in, h, w).
        W: núcleos, forma (c_out, c_in, kh, kw).
        b: un sesgo por canal de salida, forma (c_out,).
        stride: paso entre posiciones del núcleo, el mismo en los dos ejes.
        padding: ceros añadidos en cada lado de la imagen (arriba, abajo, izquierda y derecha).
    Devuelve:
        Z: forma (n, c_out, h_out, w_out), donde
            ``h_out = (h + 2 * padding - kh) // stride + 1`` y lo mismo para ``w_out``.

    Error común: rellenar solo un lado de cada eje; rellenar también los ejes del lote o de los
    canales; voltear el núcleo (esa es la convolución de los libros de texto, no lo que calculan
    las bibliotecas de aprendizaje profundo); suponer un núcleo cuadrado (kh == kw); o sumar el
    sesgo a cada producto de una ventana en lugar de una vez por valor de salida.
    """
    X, W, b = _as_float(X), _as_float(W), _as_float(b)
    n, c_in, h, w = X.shape
    c_out, c_in_w, kh, kw = W.shape
    if c_in != c_in_w:
        raise ValueError(f"X has {c_in} channels but W expects {c_in_w}")
    # TODO(student): pad h and w, take (kh, kw) windows every stride, contract with W.
    raise NotImplementedError("conv2d_forward")


def max_pool2d_forward(X: np.ndarray, size: int = 2, stride: int | None = None) -> np.ndarray:
    """Max pooling over square windows, per image and per channel, without padding.

    Args:
        X: input batch, shape (n, c, h, w).
        size: side of the pooling window.
        stride: step between windows; ``None`` means ``size`` (windows that do not overlap).
    Returns:
        shape (n, c, h_out, w_out) with ``h_out = (h - size) // stride + 1``: rows and columns
        that do not fill a whole window are dropped, as in ``torch.nn.functional.max_pool2d``.

    Common mistake: pooling across channels as well, or forgetting that the stride defaults to
    the window size (a stride of 1 would barely shrink the image).

    En español:

    Max pooling sobre ventanas cuadradas, por imagen y por canal, sin relleno.

    Argumentos:
        X: lote de entrada, forma (n, c, h, w).
        size: lado de la ventana de pooling.
        stride: paso entre ventanas; ``None`` significa ``size`` (ventanas que no se solapan).
    Devuelve:
        forma (n, c, h_out, w_out) con ``h_out = (h - size) // stride + 1``: las filas y
            columnas que no llenan una ventana entera se descartan, como en
            ``torch.nn.functional.max_pool2d``.

    Error común: hacer pooling también entre canales, u olvidar que el paso por defecto es el
    tamaño de la ventana (con un paso de 1 la imagen apenas se encogería).
    """
    stride = size if stride is None else stride
    # TODO(student): take (size, size) windows every stride, max over each window.
    raise NotImplementedError("max_pool2d_forward")


def avg_pool2d_forward(X: np.ndarray, size: int = 2, stride: int | None = None) -> np.ndarray:
    """Average pooling over square windows, per image and per channel, without padding.

    Args:
        X: input batch, shape (n, c, h, w).
        size: side of the pooling window.
        stride: step between windows; ``None`` means ``size``.
    Returns:
        shape (n, c, h_out, w_out) with ``h_out = (h - size) // stride + 1``, as in
        ``torch.nn.functional.avg_pool2d``.

    Common mistake: dividing by the wrong count (every window holds exactly size * size values
    here, because there is no padding), or averaging over the channel axis too.

    En español:

    Average pooling sobre ventanas cuadradas, por imagen y por canal, sin relleno.

    Argumentos:
        X: lote de entrada, forma (n, c, h, w).
        size: lado de la ventana de pooling.
        stride: paso entre ventanas; ``None`` significa ``size``.
    Devuelve:
        forma (n, c, h_out, w_out) con ``h_out = (h - size) // stride + 1``, como en
            ``torch.nn.functional.avg_pool2d``.

    Error común: dividir por un recuento equivocado (aquí cada ventana contiene exactamente size
    * size valores, porque no hay relleno), o promediar también sobre el eje de los canales.
    """
    stride = size if stride is None else stride
    # TODO(student): the same windows as max pooling, averaged instead.
    raise NotImplementedError("avg_pool2d_forward")


def lenet_forward(X: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    """Forward pass of LeNet-5 (ReLU and max-pooling variant) for 28x28 grey images.

    The layers, with the shapes for a batch of n images:

        input (n, 1, 28, 28)
        conv1 5x5, padding 2, then relu -> (n, 6, 28, 28)
        max pool 2                      -> (n, 6, 14, 14)
        conv2 5x5, no padding, relu     -> (n, 16, 10, 10)
        max pool 2                      -> (n, 16, 5, 5)
        flatten (channel, row, column)  -> (n, 400)
        fc1, relu                       -> (n, 120)
        fc2, relu                       -> (n, 84)
        fc3 (no activation)             -> (n, 10)

    Args:
        X: images, shape (n, 1, 28, 28).
        params: the PyTorch ``state_dict`` names and shapes: ``conv1.weight`` (6, 1, 5, 5),
            ``conv1.bias`` (6,), ``conv2.weight`` (16, 6, 5, 5), ``conv2.bias`` (16,),
            ``fc1.weight`` (120, 400), ``fc1.bias`` (120,), ``fc2.weight`` (84, 120),
            ``fc2.bias`` (84,), ``fc3.weight`` (10, 84), ``fc3.bias`` (10,).
    Returns:
        logits: shape (n, 10), before any softmax.

    Common mistake: a dense layer written as ``x @ W`` with PyTorch's (d_out, d_in) weights
    (it needs ``x @ W.T``), or flattening in a different order from ``torch.flatten(x, 1)``.

    En español:

    Pasada hacia delante de LeNet-5 (la variante con ReLU y max pooling) para imágenes en gris
    de 28x28.

    Las capas, con las formas para un lote de n imágenes:

        input (n, 1, 28, 28)
        conv1 5x5, padding 2, then relu -> (n, 6, 28, 28)
        max pool 2                      -> (n, 6, 14, 14)
        conv2 5x5, no padding, relu     -> (n, 16, 10, 10)
        max pool 2                      -> (n, 16, 5, 5)
        flatten (channel, row, column)  -> (n, 400)
        fc1, relu                       -> (n, 120)
        fc2, relu                       -> (n, 84)
        fc3 (no activation)             -> (n, 10)

    Argumentos:
        X: imágenes, forma (n, 1, 28, 28).
        params: los nombres y las formas del ``state_dict`` de PyTorch: ``conv1.weight`` (6, 1,
            5, 5), ``conv1.bias`` (6,), ``conv2.weight`` (16, 6, 5, 5), ``conv2.bias`` (16,),
            ``fc1.weight`` (120, 400), ``fc1.bias`` (120,), ``fc2.weight`` (84, 120),
            ``fc2.bias`` (84,), ``fc3.weight`` (10, 84), ``fc3.bias`` (10,).
    Devuelve:
        logits: forma (n, 10), antes de cualquier softmax.

    Error común: una capa densa escrita como ``x @ W`` con los pesos (d_out, d_in) de PyTorch
    (hace falta ``x @ W.T``), o aplanar en un orden distinto del de ``torch.flatten(x, 1)``.
    """
    # TODO(student): chain the layers listed above; a dense layer is x @ W.T + b.
    raise NotImplementedError("lenet_forward")


def init_lenet_params(seed: int = 0) -> dict[str, np.ndarray]:
    """Small random LeNet parameters in float64, drawn like PyTorch's default initialisation:
    uniform in ``[-1/sqrt(fan_in), 1/sqrt(fan_in)]``, where fan_in counts the inputs of one
    output unit.

    Args:
        seed: seed of the ``np.random.Generator`` that draws the values.
    Returns:
        ``{name: array}`` with the names and shapes listed in :func:`lenet_forward`.
    """
    rng = np.random.default_rng(seed)
    shapes = {
        "conv1": (6, 1, 5, 5),
        "conv2": (16, 6, 5, 5),
        "fc1": (120, 400),
        "fc2": (84, 120),
        "fc3": (10, 84),
    }
    params: dict[str, np.ndarray] = {}
    for name, shape in shapes.items():
        fan_in = int(np.prod(shape[1:]))
        bound = 1.0 / np.sqrt(fan_in)
        params[f"{name}.weight"] = rng.uniform(-bound, bound, size=shape)
        params[f"{name}.bias"] = rng.uniform(-bound, bound, size=shape[0])
    return params


if __name__ == "__main__":
    demo_rng = np.random.default_rng(0)
    images = demo_rng.random((2, 1, 28, 28))
    print("logits shape:", lenet_forward(images, init_lenet_params(seed=0)).shape)
