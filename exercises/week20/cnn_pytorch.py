# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Week 20: train the week-19 LeNet with PyTorch.

PyTorch supplies the backward pass, so the work here is the model definition and the training
loop. The layer names (``conv1``, ``conv2``, ``fc1``, ``fc2``, ``fc3``) are the parameter names
of week 19's ``lenet_forward``: the ``state_dict`` of a trained model can be converted with
``{k: v.double().numpy() for k, v in model.state_dict().items()}`` and fed to the NumPy version.

``scripts/train_cnn_pytorch.py`` drives these functions from the command line.

En español:

Semana 20: entrena con PyTorch la LeNet de la semana 19.

PyTorch se encarga de la pasada hacia atrás, así que aquí el trabajo es definir el modelo y
escribir el bucle de entrenamiento. Los nombres de las capas (``conv1``, ``conv2``, ``fc1``,
``fc2``, ``fc3``) son los nombres de los parámetros de ``lenet_forward`` de la semana 19: el
``state_dict`` de un modelo entrenado se puede convertir con
``{k: v.double().numpy() for k, v in model.state_dict().items()}`` y pasar a la versión de
NumPy.

``scripts/train_cnn_pytorch.py`` ejecuta estas funciones desde la línea de comandos.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

Batches = DataLoader[tuple[torch.Tensor, ...]]


class LeNet(nn.Module):
    """LeNet-5 with ReLU and max pooling, for (n, 1, 28, 28) images.

    conv1 (1 -> 6, 5x5, padding 2) -> relu -> pool1 (2x2) -> conv2 (6 -> 16, 5x5) -> relu ->
    pool2 (2x2) -> flatten (400) -> fc1 (120) -> relu -> fc2 (84) -> relu -> fc3 (num_classes).

    Required attribute names: ``conv1``, ``conv2``, ``fc1``, ``fc2``, ``fc3`` (they name the
    parameters). The reference also keeps the parameter-free ``pool1``, ``pool2`` and
    ``flatten`` as modules, so that forward hooks can observe every layer's output.

    En español:

    LeNet-5 con ReLU y max pooling, para imágenes (n, 1, 28, 28).

    conv1 (1 -> 6, 5x5, padding 2) -> relu -> pool1 (2x2) -> conv2 (6 -> 16, 5x5) -> relu ->
    pool2 (2x2) -> flatten (400) -> fc1 (120) -> relu -> fc2 (84) -> relu -> fc3 (num_classes).

    Nombres de atributo obligatorios: ``conv1``, ``conv2``, ``fc1``, ``fc2``, ``fc3`` (dan
    nombre a los parámetros). La referencia guarda además como módulos ``pool1``, ``pool2`` y
    ``flatten``, que no tienen parámetros, para que los forward hooks puedan observar la salida
    de cada capa.
    """

    def __init__(self, num_classes: int = 10) -> None:
        """Create the layers.

        Args:
            num_classes: width of the last layer (10 digits).

        Common mistake: ``fc1`` with the wrong number of inputs (work it out from the shape
        quiz (16 channels of 5x5 after the second pooling) instead of guessing).

        En español:

        Crea las capas.

        Argumentos:
            num_classes: anchura de la última capa (10 dígitos).

        Error común: ``fc1`` con un número de entradas equivocado (dedúcelo del cuestionario de
        formas, 16 canales de 5x5 tras el segundo pooling, en lugar de adivinarlo).
        """
        super().__init__()
        # TODO(student): two nn.Conv2d, two nn.MaxPool2d(2), nn.Flatten and three nn.Linear.
        raise NotImplementedError("LeNet.__init__")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Compute the logits.

        Args:
            x: images, shape (n, 1, 28, 28), float32.
        Returns:
            logits: shape (n, num_classes), with no softmax (``F.cross_entropy`` applies it).

        Common mistake: a softmax at the end of ``forward`` (cross-entropy then applies a
        second one and training crawls).

        En español:

        Calcula los logits.

        Argumentos:
            x: imágenes, forma (n, 1, 28, 28), float32.
        Devuelve:
            logits: forma (n, num_classes), sin softmax (ya la aplica ``F.cross_entropy``).

        Error común: una softmax al final de ``forward`` (la entropía cruzada aplica entonces
        una segunda y el entrenamiento avanza a paso de tortuga).
        """
        # TODO(student): the same chain as lenet_forward, with F.relu after conv1, conv2, fc1, fc2.
        raise NotImplementedError("LeNet.forward")


def make_loaders(
    X_train: np.ndarray,
    y_train: np.ndarray,
    X_test: np.ndarray,
    y_test: np.ndarray,
    batch_size: int = 64,
    seed: int = 0,
) -> tuple[Batches, Batches]:
    """Wrap NumPy arrays in data loaders (given).

    Args:
        X_train: images, shape (n_train, 1, 28, 28); converted to float32.
        y_train: labels, shape (n_train,); converted to int64.
        X_test: images, shape (n_test, 1, 28, 28).
        y_test: labels, shape (n_test,).
        batch_size: training mini-batch size.
        seed: seeds the generator that shuffles the training set, so every run sees the
            batches in the same order.
    Returns:
        (train_loader, test_loader): the training loader reshuffles every epoch; the test
        loader keeps the order and uses larger batches, since it only evaluates.
    """

    def dataset(X: np.ndarray, y: np.ndarray) -> TensorDataset:
        images = torch.from_numpy(np.ascontiguousarray(X, dtype=np.float32))
        labels = torch.from_numpy(np.ascontiguousarray(y, dtype=np.int64))
        return TensorDataset(images, labels)

    generator = torch.Generator().manual_seed(seed)
    train_loader = DataLoader(
        dataset(X_train, y_train), batch_size=batch_size, shuffle=True, generator=generator
    )
    test_loader = DataLoader(dataset(X_test, y_test), batch_size=1000, shuffle=False)
    return train_loader, test_loader


def train_one_epoch(model: nn.Module, loader: Batches, optimizer: torch.optim.Optimizer) -> float:
    """One pass over the training data, one optimiser step per mini-batch.

    Args:
        model: the network; it is put in training mode.
        loader: yields (images (b, 1, 28, 28) float32, labels (b,) int64).
        optimizer: already holds ``model.parameters()``.
    Returns:
        the mean cross-entropy per sample over the epoch (each batch's mean loss weighted by
        the batch size, since the last batch may be smaller).

    Common mistake: forgetting ``optimizer.zero_grad()``, so gradients from earlier batches
    pile up; or summing ``loss`` tensors instead of ``loss.item()``, which keeps every batch's
    graph alive.

    En español:

    Una pasada sobre los datos de entrenamiento, con un paso del optimizador por minilote.

    Argumentos:
        model: la red; se pone en modo de entrenamiento.
        loader: produce (imágenes (b, 1, 28, 28) float32, etiquetas (b,) int64).
        optimizer: ya contiene ``model.parameters()``.
    Devuelve:
        la entropía cruzada media por muestra en la época (la pérdida media de cada lote
            ponderada por el tamaño del lote, porque el último lote puede ser más pequeño).

    Error común: olvidar ``optimizer.zero_grad()``, con lo que los gradientes de los lotes
    anteriores se van acumulando; o sumar tensores ``loss`` en lugar de ``loss.item()``, lo que
    mantiene vivo el grafo de cada lote.
    """
    # TODO(student): model.train(); per batch: zero_grad, cross_entropy, backward, step.
    raise NotImplementedError("train_one_epoch")


def evaluate(model: nn.Module, loader: Batches) -> tuple[float, float]:
    """Loss and accuracy on a data set, without updating anything.

    Args:
        model: the network; it is put in evaluation mode.
        loader: yields (images (b, 1, 28, 28), labels (b,)).
    Returns:
        (mean cross-entropy per sample, accuracy in [0, 1]).

    Run it under ``torch.no_grad()``: without it evaluation is slow and memory grows (the
    numbers come out the same, so grading cannot see it).

    Common mistake: averaging per-batch accuracies when the last batch is smaller than the
    others; summing the per-batch mean losses and dividing by the number of samples; or
    returning the accuracy in percent.

    En español:

    Pérdida y exactitud sobre un conjunto de datos, sin actualizar nada.

    Argumentos:
        model: la red; se pone en modo de evaluación.
        loader: produce (imágenes (b, 1, 28, 28), etiquetas (b,)).
    Devuelve:
        (entropía cruzada media por muestra, exactitud en [0, 1]).

    Ejecútala dentro de ``torch.no_grad()``: sin eso la evaluación es lenta y la memoria crece
    (los números salen iguales, así que la corrección automática no lo puede ver).

    Error común: promediar las exactitudes de cada lote cuando el último lote es más pequeño que
    los demás; sumar las pérdidas medias de cada lote y dividir por el número de muestras; o
    devolver la exactitud en porcentaje.
    """
    # TODO(student): model.eval() and torch.no_grad(); sum losses and correct argmaxes, divide.
    raise NotImplementedError("evaluate")


def fit(
    model: nn.Module,
    train_loader: Batches,
    test_loader: Batches,
    epochs: int,
    lr: float = 1e-3,
    on_epoch: Callable[[int, dict[str, float]], None] | None = None,
) -> dict[str, list[float]]:
    """Train with Adam and evaluate after every epoch (given).

    The learning rate starts at ``lr`` and follows half a cosine down towards 0 by the last
    epoch (one step per epoch): large steps early, small ones at the end, which steadies the
    final accuracy.

    Args:
        model: the network to train, in place.
        train_loader: training batches.
        test_loader: evaluation batches.
        epochs: number of passes over the training data.
        lr: Adam learning rate.
        on_epoch: called as ``on_epoch(epoch, metrics)`` after each epoch (epoch counts from
            1; metrics has the keys of the history below, one float each).
    Returns:
        history: ``{"train_loss": [...], "test_loss": [...], "test_acc": [...]}``, one entry
        per epoch.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=epochs)
    history: dict[str, list[float]] = {"train_loss": [], "test_loss": [], "test_acc": []}
    for epoch in range(1, epochs + 1):
        train_loss = train_one_epoch(model, train_loader, optimizer)
        schedule.step()
        test_loss, test_acc = evaluate(model, test_loader)
        metrics = {"train_loss": train_loss, "test_loss": test_loss, "test_acc": test_acc}
        for key, value in metrics.items():
            history[key].append(value)
        if on_epoch is not None:
            on_epoch(epoch, metrics)
    return history
