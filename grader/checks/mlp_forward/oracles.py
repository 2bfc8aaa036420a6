"""The mlp-forward suite's oracles: what the student's results are compared with.

- The inputs drawn for the checks: batches of logits, layer sizes of which no two are equal,
  and Xavier parameters with non-zero biases (drawn here, not by the reference: a Generator
  is no argument a recorded reference can be keyed by).
- The Jacobian of softmax, and NumPy activations and a forward pass with pluggable
  activations, so that every (hidden, output) pair, and every known mistake, is computed on
  any input.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from grader.checks.diagnosis.softmax import softmax

Layer = tuple[np.ndarray, np.ndarray]
Activation = Callable[[np.ndarray], np.ndarray]


def batch(rng: np.random.Generator, scale: float) -> np.ndarray:
    n, m = int(rng.integers(4, 7)), int(rng.integers(7, 10))
    return rng.standard_normal((n, m)) * scale


def jacobian(p: np.ndarray) -> np.ndarray:
    """Oracle: J[..., a, b] = p_a (delta_ab - p_b)."""
    k = p.shape[-1]
    outer = p[..., :, None] * p[..., None, :]
    return np.asarray(p[..., :, None] * np.eye(k) - outer)


def layer_sizes(rng: np.random.Generator) -> list[int]:
    """Four distinct sizes, so every W is non-square and a transposed W shows."""
    d0, d1 = int(rng.integers(3, 6)), int(rng.integers(7, 10))
    d2, d3 = int(rng.integers(11, 14)), int(rng.integers(2, 4))
    return [d0, d1, d2, d3]


def relu(z: np.ndarray) -> np.ndarray:
    return np.asarray(np.maximum(0.0, z))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Oracle: the logistic function, exponentiating only -|z| so that nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e)))


def softmax_last(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=-1)


def softmax_first(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=0)


HIDDEN: dict[str, Activation] = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid}
OUTPUT: dict[str, Activation] = {
    "softmax": softmax_last,
    "sigmoid": sigmoid,
    "identity": lambda z: z,
}


def forward(
    X: np.ndarray,
    params: Sequence[Layer],
    hidden: Activation,
    output: Activation,
    last: Sequence[Activation] | None = None,
    use_bias: bool = True,
) -> np.ndarray:
    """A forward pass with pluggable activations; `last` replaces the last layer's."""
    A = X
    for W, b in params[:-1]:
        A = hidden(A @ W + (b if use_bias else 0.0))
    W, b = params[-1]
    A = A @ W + (b if use_bias else 0.0)
    for activation in last if last is not None else (output,):
        A = activation(A)
    return A


def random_params(rng: np.random.Generator, sizes: Sequence[int]) -> list[Layer]:
    """Xavier weights and non-zero biases, so a forgotten bias shows.

    The weights are drawn here, as the reference's init_params draws them, rather than by
    asking the reference: a Generator is no argument a recorded reference can be keyed by.
    """
    return [
        (
            rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out)),
            rng.standard_normal(fan_out) * 0.5,
        )
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
