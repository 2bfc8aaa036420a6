"""The training loop: one epoch over the batches through any `Engine`, and the `History`
of per-epoch numbers it records."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from interactive_labs.m07_deep_learning.datasets import batch_indices
from interactive_labs.m07_deep_learning.network import Config, Engine, FloatArray


@dataclass
class History:
    """Per epoch: mean batch loss (before each update), accuracy, mean ||dW|| per layer."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    grad_norms: list[list[float]] = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    def loss_array(self) -> FloatArray:
        return np.asarray(self.loss, dtype=np.float64)


def train_epoch(
    engine: Engine, X: FloatArray, Y: FloatArray, config: Config, epoch: int, history: History
) -> None:
    """One pass over the batches of `epoch`; appends the epoch's numbers to `history`."""
    n = len(X)
    loss_sum, correct = 0.0, 0
    norms: FloatArray | None = None
    batches = batch_indices(n, config.batch_size, config.seed, epoch)
    for index in batches:
        result = engine.step(X[index], Y[index])
        loss_sum += result.loss * len(index)
        correct += result.correct
        step_norms = np.asarray(result.grad_norms, dtype=np.float64)
        norms = step_norms if norms is None else norms + step_norms
    assert norms is not None
    history.loss.append(loss_sum / n)
    history.accuracy.append(correct / n)
    history.grad_norms.append([float(x) for x in norms / len(batches)])
