"""The network both engines compute, and what they share: the run's settings (`Config`),
the initial weights, the loss, and the `Engine` interface one training step goes through.

Hidden layers ``A = act(A @ W + b)``, a sigmoid output trained with binary cross-entropy
averaged over the batch, and the parameters as one flat list ``[W1, b1, ..., WL, bL]`` with
``W`` of shape (d_in, d_out), as in ``solutions/week18/neural_network.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

ACTIVATIONS = ("tanh", "relu", "sigmoid")
OPTIMIZERS = ("Adam", "SGD", "Momentum")


# The network: one initialisation, shared by both engines.


def init_params(layer_sizes: Sequence[int], seed: int) -> list[FloatArray]:
    """Xavier-normal weights and zero biases, drawn as the week 18 ``MLP`` draws them.

    Args:
        layer_sizes: [d0, d1, ..., dL].
        seed: seed for ``np.random.default_rng``.
    Returns:
        [W1, b1, ..., WL, bL], W_l of shape (d_{l-1}, d_l), b_l of shape (d_l,).
    """
    rng = np.random.default_rng(seed)
    params: list[FloatArray] = []
    for fan_in, fan_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        params.append(rng.standard_normal((fan_in, fan_out)) * math.sqrt(2.0 / (fan_in + fan_out)))
        params.append(np.zeros(fan_out))
    return params


def bce(Y: FloatArray, P: FloatArray, eps: float = 1e-15) -> float:
    """Mean binary cross-entropy, computed here from probabilities (as week 18's ``bce``)."""
    P = np.clip(P, eps, 1.0 - eps)
    return float(-np.mean(Y * np.log(P) + (1.0 - Y) * np.log(1.0 - P)))


@dataclass(frozen=True)
class Config:
    """Everything that defines a run; changing any of it starts a new run.

    Attributes:
        dataset, n_points, noise: the data (see ``make_dataset``).
        hidden_layers, width: the hidden part of the network, e.g. 2 x 8.
        activation: hidden activation, one of ``ACTIVATIONS``.
        optimizer: one of ``OPTIMIZERS``; lr its learning rate; momentum its beta.
        batch_size: 0 for full batch.
        seed: seeds the data, the initial weights and the batch order.
    """

    dataset: str = "XOR"
    n_points: int = 200
    noise: float = 0.1
    hidden_layers: int = 2
    width: int = 8
    activation: str = "tanh"
    optimizer: str = "Adam"
    lr: float = 0.05
    momentum: float = 0.9
    batch_size: int = 0
    seed: int = 0

    @property
    def layer_sizes(self) -> list[int]:
        return [2, *([self.width] * self.hidden_layers), 1]


# Engines: one training step on a batch, and predictions, whatever computes them.


@dataclass(frozen=True)
class StepResult:
    """One update: the batch loss before it, how many points it got right, ||dW|| per layer."""

    loss: float
    correct: int
    grad_norms: list[float]


class Engine(Protocol):
    def step(self, X: FloatArray, Y: FloatArray) -> StepResult:
        """Forward, backward and one optimizer update on a batch."""
        ...

    def predict(self, X: FloatArray) -> FloatArray:
        """Probabilities of class 1, shape (n, 1)."""
        ...
