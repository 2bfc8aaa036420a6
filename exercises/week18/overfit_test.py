# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""The overfit test: a correct network must be able to memorise a tiny data set.

With a handful of points and more parameters than points, a working training loop
drives the loss to (almost) zero. If it cannot, the bug is in the code (usually the
gradients), not in the model. A numerical gradient check then tells the two apart.

The small two-layer network below (tanh hidden layer, sigmoid output, mean BCE) is given
so this module stands alone; the training loop and the checks are the exercise.

En español:

La prueba de sobreajuste: una red correcta tiene que ser capaz de memorizar un conjunto de datos
diminuto.

Con un puñado de puntos y más parámetros que puntos, un bucle de entrenamiento que funciona
lleva la pérdida a (casi) cero. Si no lo consigue, el fallo está en el código (normalmente en
los gradientes), no en el modelo. Una comprobación numérica del gradiente distingue después un
caso del otro.

La pequeña red de dos capas de abajo (capa oculta tanh, salida sigmoide, BCE media) viene dada
para que este módulo sea autónomo; el ejercicio es el bucle de entrenamiento y las
comprobaciones.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Cache = tuple[FloatArray, FloatArray, FloatArray]


def init_params(d_in: int, hidden: int, d_out: int, seed: int) -> list[FloatArray]:
    """Xavier-style normal weights and zero biases for a two-layer network (given).

    Args:
        d_in: input size;  hidden: hidden units;  d_out: output size.
        seed: seed for ``np.random.default_rng``.
    Returns:
        [W1 (d_in, hidden), b1 (hidden,), W2 (hidden, d_out), b2 (d_out,)]

    Common mistake: zero weights, which keep every hidden unit identical.
    """
    rng = np.random.default_rng(seed)
    W1 = rng.standard_normal((d_in, hidden)) * np.sqrt(2.0 / (d_in + hidden))
    W2 = rng.standard_normal((hidden, d_out)) * np.sqrt(2.0 / (hidden + d_out))
    return [W1, np.zeros(hidden), W2, np.zeros(d_out)]


def forward(params: list[FloatArray], X: FloatArray) -> tuple[FloatArray, Cache]:
    """tanh hidden layer, sigmoid output (given).

    Args:
        params: [W1, b1, W2, b2] as from ``init_params``.
        X: inputs, shape (n, d_in).
    Returns:
        P: probabilities, shape (n, d_out)
        cache: (X, H, P) with H = tanh(X W1 + b1) of shape (n, hidden)

    Common mistake: a sigmoid written as 1 / (1 + exp(-z)) overflows for very negative z.
    """
    W1, b1, W2, b2 = params
    H = np.tanh(X @ W1 + b1)
    Z = H @ W2 + b2
    e = np.exp(-np.abs(Z))  # overflow-free sigmoid
    P: FloatArray = np.where(Z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return P, (X, H, P)


def bce(Y: FloatArray, P: FloatArray, eps: float = 1e-15) -> float:
    """Binary cross-entropy averaged over every entry of Y (given).

    Args:
        Y: 0/1 targets, shape (n, d_out).
        P: predicted probabilities, shape (n, d_out).
        eps: P is clipped into [eps, 1 - eps] before the logs.
    Returns:
        the loss as a Python float.

    Common mistake: Y of shape (n,) against P of shape (n, 1) broadcasts to (n, n).
    """
    P = np.clip(P, eps, 1.0 - eps)
    return float(-np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))


def loss(params: list[FloatArray], X: FloatArray, Y: FloatArray) -> float:
    """The training loss as a function of the parameters (given).

    Args:
        params: [W1, b1, W2, b2].
        X: inputs, shape (n, d_in);  Y: 0/1 targets, shape (n, d_out).
    Returns:
        mean BCE of the network's predictions, as a Python float.

    Common mistake: checking gradients against a loss with a different reduction (sum vs
    mean) from the one backward differentiates.
    """
    P, _ = forward(params, X)
    return bce(Y, P)


def backward(params: list[FloatArray], cache: Cache, Y: FloatArray) -> list[FloatArray]:
    """Exact gradients of ``loss`` w.r.t. [W1, b1, W2, b2] (given).

    Args:
        params: [W1, b1, W2, b2].
        cache: (X, H, P) from ``forward`` on the same params.
        Y: targets, shape (n, d_out).
    Returns:
        [dW1, db1, dW2, db2], shaped like the parameters.

    Common mistake: normalising by n when the loss averages over n * d_out entries.
    """
    _, _, W2, _ = params
    X, H, P = cache
    dZ = (P - Y) / P.size
    dH = (dZ @ W2.T) * (1.0 - H * H)
    return [X.T @ dH, dH.sum(axis=0), H.T @ dZ, dZ.sum(axis=0)]


def overfit(
    X: npt.ArrayLike,
    Y: npt.ArrayLike,
    hidden: int = 8,
    epochs: int = 3000,
    lr: float = 0.05,
    seed: int = 0,
) -> tuple[list[FloatArray], list[float]]:
    """Memorise (X, Y) with full-batch Adam on the two-layer network above.

    Args:
        X: inputs, shape (n, d_in).
        Y: 0/1 targets, shape (n, d_out).
        hidden: hidden units.
        epochs: number of Adam updates.
        lr: Adam step size (beta1 = 0.9, beta2 = 0.999, eps = 1e-8).
        seed: seed for ``init_params``.
    Returns:
        params: the trained [W1, b1, W2, b2]
        history: the loss before each update, length ``epochs``

    Common mistake: concluding "the model cannot learn this" after a run with a tiny
    learning rate or few epochs (on a dozen points it should always get near zero).

    En español:

    Memoriza (X, Y) con Adam sobre el lote completo, usando la red de dos capas de arriba.

    Argumentos:
        X: entradas, forma (n, d_in).
        Y: objetivos 0/1, forma (n, d_out).
        hidden: unidades ocultas.
        epochs: número de actualizaciones de Adam.
        lr: tamaño del paso de Adam (beta1 = 0.9, beta2 = 0.999, eps = 1e-8).
        seed: semilla para ``init_params``.
    Devuelve:
        params: los [W1, b1, W2, b2] entrenados
        history: la pérdida antes de cada actualización, de longitud ``epochs``

    Error común: concluir "el modelo no puede aprender esto" tras una ejecución con una tasa de
    aprendizaje minúscula o pocas épocas (con una docena de puntos siempre debería acercarse a
    cero).
    """
    # TODO(student): init, then per epoch forward, record loss, backward, Adam step (inline).
    raise NotImplementedError("overfit")


def gradient_check(
    params: list[FloatArray],
    X: FloatArray,
    Y: FloatArray,
    grads: list[FloatArray],
    eps: float = 1e-6,
) -> float:
    """Compare ``grads`` with central differences of ``loss`` at every parameter entry.

    For each entry theta: g_num = (loss(theta + eps) - loss(theta - eps)) / (2 eps), and
    rel = |g - g_num| / max(1e-8, |g| + |g_num|).

    Args:
        params: [W1, b1, W2, b2]; perturbed one entry at a time and always restored.
        X: inputs, shape (n, d_in);  Y: targets, shape (n, d_out).
        grads: the gradients to test, same shapes as ``params``.
        eps: finite-difference step.
    Returns:
        the largest relative error over all entries (correct gradients give ~1e-8 or less).

    Common mistake: forgetting to put the entry back after perturbing it, so every later
    check (and the training that follows) uses corrupted parameters.

    En español:

    Compara ``grads`` con diferencias centrales de ``loss`` en cada entrada de los parámetros.

    Para cada entrada theta: g_num = (loss(theta + eps) - loss(theta - eps)) / (2 eps), y rel =
    |g - g_num| / max(1e-8, |g| + |g_num|).

    Argumentos:
        params: [W1, b1, W2, b2]; se perturban de entrada en entrada y siempre se restauran.
        X: entradas, forma (n, d_in); Y: objetivos, forma (n, d_out).
        grads: los gradientes que se ponen a prueba, con las mismas formas que ``params``.
        eps: paso de la diferencia finita.
    Devuelve:
        el mayor error relativo entre todas las entradas (unos gradientes correctos dan ~1e-8 o
            menos).

    Error común: olvidar devolver la entrada a su valor tras perturbarla, de modo que todas las
    comprobaciones posteriores (y el entrenamiento que viene después) usan parámetros corruptos.
    """
    # TODO(student): for each entry: nudge +eps, -eps, restore; compare relative errors.
    raise NotImplementedError("gradient_check")


def run_overfit_test() -> float:
    """Overfit XOR and insist the final loss is below 0.01.

    The final loss is recomputed from the returned parameters rather than read from the
    training history, so a loop that records the wrong number cannot pass by accident.

    Returns:
        the final training loss on XOR.
    Raises:
        AssertionError: if the network failed to memorise XOR.

    Common mistake: trusting the last entry of the history, which is the loss *before*
    the final update, or one computed by the same possibly buggy code path.

    En español:

    Sobreajusta XOR y exige que la pérdida final quede por debajo de 0.01.

    La pérdida final se recalcula a partir de los parámetros devueltos en lugar de leerla del
    historial de entrenamiento, para que un bucle que anota el número equivocado no pueda
    aprobar por casualidad.

    Devuelve:
        la pérdida de entrenamiento final sobre XOR.
    Excepciones:
        AssertionError: si la red no ha conseguido memorizar XOR.

    Error común: fiarte de la última entrada del historial, que es la pérdida *antes* de la
    última actualización, o de una calculada por el mismo camino de código, quizá con errores.
    """
    # TODO(student): XOR data, overfit(X, Y), re-evaluate loss(params, X, Y), raise if >= 0.01.
    raise NotImplementedError("run_overfit_test")


if __name__ == "__main__":
    print(f"XOR memorised, final loss {run_overfit_test():.2e}")
