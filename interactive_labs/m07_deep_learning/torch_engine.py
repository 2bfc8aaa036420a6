"""The PyTorch engine: the week 18 MLP as an `nn.Module`, its optimizer, and one training
step on a batch with autograd computing the gradients."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn
from torch.nn import functional as F

from interactive_labs.m07_deep_learning.network import (
    ACTIVATIONS,
    OPTIMIZERS,
    Config,
    FloatArray,
    StepResult,
)

TORCH_ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "tanh": torch.tanh,
    "relu": torch.relu,
    "sigmoid": torch.sigmoid,
}


class TorchMLP(nn.Module):
    """The week 18 MLP in PyTorch: same parameter list, same layout, autograd for backward.

    Attributes:
        params: [W1, b1, ..., WL, bL] as float64 ``nn.Parameter``s, W of shape (d_in, d_out).
    """

    def __init__(self, params: Sequence[FloatArray], activation: str) -> None:
        super().__init__()
        if activation not in TORCH_ACTIVATIONS:
            raise ValueError(f"unknown activation {activation!r}; pick from {ACTIVATIONS}")
        self.activation = activation
        self.params = nn.ParameterList(
            [nn.Parameter(torch.tensor(p, dtype=torch.float64)) for p in params]
        )

    def weights(self) -> list[torch.Tensor]:
        """W1, ..., WL (the biases left out), for gradient norms per layer."""
        return [self.params[i] for i in range(0, len(self.params), 2)]

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        """Logits of shape (n, dL): the output sigmoid lives in the loss, for stability."""
        act = TORCH_ACTIVATIONS[self.activation]
        n_layers = len(self.params) // 2
        A = X
        for layer in range(n_layers):
            Z = A @ self.params[2 * layer] + self.params[2 * layer + 1]
            A = Z if layer == n_layers - 1 else act(Z)
        return A


def torch_optimizer(
    name: str, params: Sequence[torch.Tensor], lr: float, momentum: float = 0.9
) -> torch.optim.Optimizer:
    """The torch optimizer that matches the week 18 one of the same name.

    Momentum uses PyTorch's convention (v = beta v + g; p -= lr v), as week 18 does.
    """
    if name == "SGD":
        return torch.optim.SGD(params, lr=lr)
    if name == "Momentum":
        return torch.optim.SGD(params, lr=lr, momentum=momentum)
    if name == "Adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    raise ValueError(f"unknown optimizer {name!r}; pick from {OPTIMIZERS}")


class TorchEngine:
    """The PyTorch side: autograd computes the gradients."""

    def __init__(self, config: Config, params: Sequence[FloatArray]) -> None:
        self.model = TorchMLP(params, config.activation)
        self.optimizer = torch_optimizer(
            config.optimizer, list(self.model.params), config.lr, config.momentum
        )

    def step(self, X: FloatArray, Y: FloatArray) -> StepResult:
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        self.optimizer.zero_grad()
        logits = self.model(Xt)
        loss = F.binary_cross_entropy_with_logits(logits, Yt)
        loss.backward()  # type: ignore[no-untyped-call]  # torch leaves it untyped
        with torch.no_grad():
            norms = torch.stack([grad_of(w).norm() for w in self.model.weights()]).tolist()
            correct = int(((logits > 0.0) == (Yt > 0.5)).sum())
        self.optimizer.step()
        return StepResult(float(loss.detach()), correct, [float(x) for x in norms])

    def predict(self, X: FloatArray) -> FloatArray:
        with torch.no_grad():
            probs: FloatArray = torch.sigmoid(self.model(torch.from_numpy(X))).numpy()
        return probs


def grad_of(tensor: torch.Tensor) -> torch.Tensor:
    if tensor.grad is None:
        raise RuntimeError("no gradient: call backward first")
    return tensor.grad
