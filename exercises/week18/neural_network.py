# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""A multilayer perceptron with hand-written backprop, three optimizers, and an XOR demo.

The network is a stack of dense layers. Hidden layers use one activation (tanh, ReLU or
sigmoid); the output layer is always a sigmoid, trained with binary cross-entropy averaged
over every entry of the target. Parameters live in one flat list
``[W1, b1, W2, b2, ...]`` and ``backward`` returns gradients in the same order, so any
optimizer can update them pairwise without knowing the network's structure.

En español:

Un perceptrón multicapa con retropropagación escrita a mano, tres optimizadores y una
demostración con XOR.

La red es una pila de capas densas. Las capas ocultas usan una misma activación (tanh, ReLU o
sigmoide); la capa de salida es siempre una sigmoide, entrenada con entropía cruzada binaria
promediada sobre todas las entradas del objetivo. Los parámetros viven en una única lista plana
``[W1, b1, W2, b2, ...]`` y ``backward`` devuelve los gradientes en el mismo orden, así que
cualquier optimizador puede actualizarlos por parejas sin conocer la estructura de la red.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ArrayFn = Callable[[FloatArray], FloatArray]


def sigmoid(z: FloatArray) -> FloatArray:
    """Logistic function, element-wise, overflow-free (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``, values in [0, 1].

    Common mistake: exp(-z) overflows for very negative z; only exp(-|z|) is taken here.
    """
    e = np.exp(-np.abs(z))
    s: FloatArray = np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    return s


def sigmoid_deriv(z: FloatArray) -> FloatArray:
    """sigma(z) (1 - sigma(z)) at the pre-activation z (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``.

    Common mistake: feeding it the activation instead of the pre-activation.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: FloatArray) -> FloatArray:
    """Hyperbolic tangent, element-wise (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``, values in [-1, 1].

    Common mistake: a hand-written (e^z - e^-z) / (e^z + e^-z) overflows for large |z|.
    """
    return np.tanh(z)


def tanh_deriv(z: FloatArray) -> FloatArray:
    """1 - tanh(z)**2 at the pre-activation z (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``.

    Common mistake: 1 - z**2, which is the formula in terms of the activation, not of z.
    """
    t = np.tanh(z)
    return 1.0 - t * t


def relu(z: FloatArray) -> FloatArray:
    """max(0, z), element-wise (given).

    Args:
        z: any shape.
    Returns:
        same shape as ``z``.

    Common mistake: Python's built-in max is not element-wise.
    """
    return np.maximum(0.0, z)


def relu_deriv(z: FloatArray) -> FloatArray:
    """1.0 where z > 0, else 0.0 (given).

    Args:
        z: any shape.
    Returns:
        float mask, same shape as ``z``.

    Common mistake: returning booleans instead of floats.
    """
    return (z > 0.0).astype(np.float64)


# name -> (activation, derivative at the pre-activation)
ACTIVATIONS: dict[str, tuple[ArrayFn, ArrayFn]] = {
    "relu": (relu, relu_deriv),
    "tanh": (tanh, tanh_deriv),
    "sigmoid": (sigmoid, sigmoid_deriv),
}


def bce(Y: npt.ArrayLike, P: npt.ArrayLike, eps: float = 1e-15) -> float:
    """Binary cross-entropy averaged over every entry of Y (given).

    Args:
        Y: 0/1 targets, shape (n, d_L).
        P: predicted probabilities, shape (n, d_L).
        eps: P is clipped into [eps, 1 - eps] so neither log sees 0.
    Returns:
        the mean loss as a Python float.

    Common mistake: Y of shape (n,) against P of shape (n, 1) broadcasts to (n, n).
    """
    Y = np.asarray(Y, dtype=np.float64)
    P = np.clip(np.asarray(P, dtype=np.float64), eps, 1.0 - eps)
    return float(-np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))


class MLP:
    """Fully connected network: hidden layers with one activation, a sigmoid output layer.

    Attributes:
        params: [W1, b1, ..., WL, bL], W_l of shape (d_{l-1}, d_l), b_l of shape (d_l,).

    En español:

    Red totalmente conectada: capas ocultas con una misma activación y una capa de salida
    sigmoide.

    Atributos:
        params: [W1, b1, ..., WL, bL], W_l de forma (d_{l-1}, d_l), b_l de forma (d_l,).
    """

    def __init__(self, layer_sizes: Sequence[int], activation: str = "tanh", seed: int = 0) -> None:
        """Build the layers with a Xavier-style normal init and zero biases (given).

        Args:
            layer_sizes: [d0, d1, ..., dL]: input size, hidden sizes, output size.
            activation: hidden activation, one of ``ACTIVATIONS``.
            seed: seed for ``np.random.default_rng``; same seed, same weights.
        Raises:
            ValueError: unknown activation or fewer than two layer sizes.

        Common mistake: all-zero weights, which make every hidden unit identical forever.
        """
        if activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; pick from {list(ACTIVATIONS)}")
        if len(layer_sizes) < 2:
            raise ValueError("layer_sizes needs an input size and at least one layer size")
        self.layer_sizes = list(layer_sizes)
        self.activation = activation
        rng = np.random.default_rng(seed)
        self.params: list[FloatArray] = []
        for fan_in, fan_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True):
            std = np.sqrt(2.0 / (fan_in + fan_out))
            self.params.append(rng.standard_normal((fan_in, fan_out)) * std)
            self.params.append(np.zeros(fan_out))
        # Filled by forward, read by backward: Z_1..Z_L and A_0 = X, A_1, ..., A_L = P.
        self.zs: list[FloatArray] = []
        self.activations: list[FloatArray] = []

    def forward(self, X: npt.ArrayLike) -> FloatArray:
        """Run a batch through the network and remember the intermediates.

        Args:
            X: inputs, shape (n, d0).
        Returns:
            P: sigmoid outputs, shape (n, dL).

        Common mistake: applying the hidden activation to the output layer too, or
        keeping only activations (backward needs each layer's pre-activation Z as well).

        En español:

        Pasa un lote por la red y recuerda los valores intermedios.

        Argumentos:
            X: entradas, forma (n, d0).
        Devuelve:
            P: salidas de la sigmoide, forma (n, dL).

        Error común: aplicar también la activación oculta a la capa de salida, o guardar solo
        las activaciones (backward necesita además la preactivación Z de cada capa).
        """
        # TODO(student): per layer Z = A @ W + b; hidden act except at the end (sigmoid); cache.
        raise NotImplementedError("MLP.forward")

    def loss(self, X: npt.ArrayLike, Y: npt.ArrayLike) -> float:
        """Mean BCE of the current network on (X, Y) (given).

        Args:
            X: inputs, shape (n, d0);  Y: targets, shape (n, dL).
        Returns:
            the loss as a Python float.

        Common mistake: comparing losses computed with different reductions (sum vs mean).
        """
        return bce(Y, self.forward(X))

    def backward(self, Y: npt.ArrayLike) -> list[FloatArray]:
        """Gradients of the mean BCE loss w.r.t. ``params``, using the last forward's cache.

        Sigmoid + BCE combine to dL/dZ_L = (P - Y) / Y.size. From there, for each layer
        going down: dW = A_prev.T @ dZ, db = dZ summed over the batch, and
        dZ_prev = (dZ @ W.T) * act'(Z_prev).

        Args:
            Y: targets, shape (n, dL), the same batch as the last ``forward``.
        Returns:
            [dW1, db1, ..., dWL, dbL], each with the shape of the matching parameter.
        Raises:
            RuntimeError: if ``forward`` has not been called yet.

        Common mistake: dividing by n instead of the number of entries averaged in the loss
        (they differ when dL > 1), or multiplying by act'(A) instead of act'(Z).

        En español:

        Gradientes de la pérdida BCE media respecto a ``params``, usando la caché de la última
        pasada hacia delante.

        Sigmoide + BCE se combinan en dL/dZ_L = (P - Y) / Y.size. A partir de ahí, para cada
        capa bajando: dW = A_prev.T @ dZ, db = dZ sumado sobre el lote, y dZ_prev = (dZ @ W.T) *
        act'(Z_prev).

        Argumentos:
            Y: objetivos, forma (n, dL), el mismo lote que en el último ``forward``.
        Devuelve:
            [dW1, db1, ..., dWL, dbL], cada uno con la forma del parámetro correspondiente.
        Excepciones:
            RuntimeError: si todavía no se ha llamado a ``forward``.

        Error común: dividir por n en lugar de por el número de entradas que promedia la pérdida
        (son distintos cuando dL > 1), o multiplicar por act'(A) en lugar de act'(Z).
        """
        # TODO(student): start at dZ = (P - Y) / Y.size and walk the layers in reverse.
        raise NotImplementedError("MLP.backward")


class Optimizer(Protocol):
    """Anything that can update a list of parameters in place from matching gradients."""

    def step(self, params: list[FloatArray], grads: list[FloatArray]) -> None:
        """Apply one update to every array in ``params`` (in place)."""
        ...


class SGD:
    """Plain gradient descent: p <- p - lr * g.

    En español:

    Descenso de gradiente simple: p <- p - lr * g.
    """

    def __init__(self, lr: float) -> None:
        """Store the hyperparameter (given).

        Args:
            lr: learning rate.
        """
        self.lr = lr

    def step(self, params: list[FloatArray], grads: list[FloatArray]) -> None:
        """Update each parameter in place.

        Args:
            params: arrays to update (modified in place).
            grads: gradients, same order and shapes as ``params``.

        Common mistake: ``p = p - lr * g`` rebinds a local name and leaves the model's
        array unchanged (the update must write into the existing array).

        En español:

        Actualiza cada parámetro in situ.

        Argumentos:
            params: arrays que se actualizan (se modifican in situ).
            grads: gradientes, en el mismo orden y con las mismas formas que ``params``.

        Error común: ``p = p - lr * g`` vuelve a enlazar un nombre local y deja sin cambios el
        array del modelo (la actualización tiene que escribir en el array que ya existe).
        """
        # TODO(student): an in-place subtraction for each (parameter, gradient) pair.
        raise NotImplementedError("SGD.step")


class Momentum:
    """Gradient descent with momentum, PyTorch convention: v <- beta v + g; p <- p - lr v.

    En español:

    Descenso de gradiente con momento, convención de PyTorch: v <- beta v + g; p <- p - lr v.
    """

    def __init__(self, lr: float, beta: float = 0.9) -> None:
        """Store the hyperparameters; the velocities are created on the first step (given).

        Args:
            lr: learning rate.
            beta: how much of the previous velocity is kept each step.
        """
        self.lr = lr
        self.beta = beta
        self.velocity: list[FloatArray] | None = None  # one array per parameter, made lazily

    def step(self, params: list[FloatArray], grads: list[FloatArray]) -> None:
        """Update the velocities, then the parameters, in place.

        Args:
            params: arrays to update (modified in place).
            grads: gradients, same order and shapes as ``params``.

        Common mistake: one shared velocity for all parameters, or a velocity that is reset
        to zero on every call.

        En español:

        Actualiza las velocidades y después los parámetros, in situ.

        Argumentos:
            params: arrays que se actualizan (se modifican in situ).
            grads: gradientes, en el mismo orden y con las mismas formas que ``params``.

        Error común: una única velocidad compartida por todos los parámetros, o una velocidad
        que se pone a cero en cada llamada.
        """
        # TODO(student): create zero velocities on the first call; v = beta v + g; p -= lr v.
        raise NotImplementedError("Momentum.step")


class Adam:
    """Adam (Kingma & Ba) with bias-corrected first and second moment estimates.

    En español:

    Adam (Kingma y Ba) con estimaciones del primer y segundo momento corregidas de sesgo.
    """

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        """Store the hyperparameters; the moment estimates are created on the first step (given).

        Args:
            lr: step size.
            beta1: decay of the running mean of gradients.
            beta2: decay of the running mean of squared gradients.
            eps: added to sqrt(v_hat) to keep the division finite.
        """
        self.lr = lr
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.t = 0  # number of steps taken so far
        self.m: list[FloatArray] | None = None
        self.v: list[FloatArray] | None = None

    def step(self, params: list[FloatArray], grads: list[FloatArray]) -> None:
        """One Adam update of every parameter, in place.

        Args:
            params: arrays to update (modified in place).
            grads: gradients, same order and shapes as ``params``.

        Common mistake: forgetting the bias correction (early steps far too small);
        putting eps inside the square root, sqrt(v_hat + eps); or ignoring the eps argument.

        En español:

        Una actualización de Adam de cada parámetro, in situ.

        Argumentos:
            params: arrays que se actualizan (se modifican in situ).
            grads: gradientes, en el mismo orden y con las mismas formas que ``params``.

        Error común: olvidar la corrección de sesgo (los primeros pasos son demasiado pequeños);
        poner eps dentro de la raíz cuadrada, sqrt(v_hat + eps); o ignorar el argumento eps.
        """
        # TODO(student): t += 1; update m, v per parameter; p -= lr * m_hat / (sqrt(v_hat) + eps).
        raise NotImplementedError("Adam.step")


def xor_data() -> tuple[FloatArray, FloatArray]:
    """The four XOR points (given).

    Returns:
        X: shape (4, 2), the corners of the unit square
        Y: shape (4, 1), 1.0 where exactly one input is 1

    Common mistake: expecting a model without a hidden layer to fit it; no single line
    separates the two classes.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return X, Y


def train(
    model: MLP, X: npt.ArrayLike, Y: npt.ArrayLike, optimizer: Optimizer, epochs: int
) -> list[float]:
    """Full-batch training loop.

    Each epoch: forward on all of X, record the loss, backward, one optimizer step.

    Args:
        model: the network to train (its params are updated in place).
        X: inputs, shape (n, d0);  Y: targets, shape (n, dL).
        optimizer: any object with ``step(params, grads)``.
        epochs: number of updates.
    Returns:
        loss history of length ``epochs`` (the loss before each update).

    Common mistake: calling backward without a fresh forward, so the gradients belong to
    the previous parameters.

    En español:

    Bucle de entrenamiento con el lote completo.

    En cada época: pasada hacia delante con toda X, anotar la pérdida, pasada hacia atrás y un
    paso del optimizador.

    Argumentos:
        model: la red que se entrena (sus params se actualizan in situ).
        X: entradas, forma (n, d0); Y: objetivos, forma (n, dL).
        optimizer: cualquier objeto con ``step(params, grads)``.
        epochs: número de actualizaciones.
    Devuelve:
        historial de la pérdida de longitud ``epochs`` (la pérdida antes de cada actualización).

    Error común: llamar a backward sin una pasada hacia delante nueva, de modo que los
    gradientes corresponden a los parámetros anteriores.
    """
    # TODO(student): forward, record bce, backward, optimizer.step(model.params, grads).
    raise NotImplementedError("train")


def train_xor(
    seed: int = 0, hidden: int = 8, epochs: int = 2000, lr: float = 0.05
) -> tuple[MLP, list[float]]:
    """Train a [2, hidden, 1] tanh network on XOR with Adam.

    Args:
        seed: initialisation seed.
        hidden: number of hidden units.
        epochs: number of full-batch updates.
        lr: Adam step size.
    Returns:
        the trained model and its loss history.

    Common mistake: too few hidden units or a tiny learning rate, then blaming backprop
    when the loss plateaus at log(2) ~= 0.69.

    En español:

    Entrena una red tanh [2, hidden, 1] sobre XOR con Adam.

    Argumentos:
        seed: semilla de la inicialización.
        hidden: número de unidades ocultas.
        epochs: número de actualizaciones con el lote completo.
        lr: tamaño del paso de Adam.
    Devuelve:
        el modelo entrenado y su historial de pérdida.

    Error común: muy pocas unidades ocultas o una tasa de aprendizaje minúscula, y luego culpar
    a la retropropagación cuando la pérdida se estanca en log(2) ~= 0.69.
    """
    # TODO(student): build the data, an MLP([2, hidden, 1], "tanh", seed) and Adam(lr); train.
    raise NotImplementedError("train_xor")


if __name__ == "__main__":
    X_xor, Y_xor = xor_data()
    net, losses = train_xor()
    print(f"loss: {losses[0]:.4f} -> {losses[-1]:.6f} after {len(losses)} epochs")
    for x, p in zip(X_xor, net.forward(X_xor)[:, 0], strict=True):
        print(f"  {x.astype(int)} -> {p:.4f}")
