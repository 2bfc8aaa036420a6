"""What the numbers of cnn-train should be, recomputed in the grading process.

LeNet's parameter layout, the MNIST digits the checks train and test on, week 19's NumPy
LeNet run on the weights a model hands back, the cross-entropy per sample, and the grader's
own SGD epoch (in torch, here) with its known mistakes.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from grader.checks.expect import describe_type, fail
from grader.checks.reference import reference
from grader.i18n import _
from workbook.data import DataError, load_mnist_5k

Params = dict[str, np.ndarray]

SHAPES: dict[str, tuple[int, ...]] = {
    "conv1.weight": (6, 1, 5, 5),
    "conv1.bias": (6,),
    "conv2.weight": (16, 6, 5, 5),
    "conv2.bias": (16,),
    "fc1.weight": (120, 400),
    "fc1.bias": (120,),
    "fc2.weight": (84, 120),
    "fc2.bias": (84,),
    "fc3.weight": (10, 84),
    "fc3.bias": (10,),
}
# The grader's own LeNet, as torch.nn layers in an nn.Sequential: (layer, args, kwargs).
LAYERS: tuple[tuple[str, tuple[int, ...], dict[str, int]], ...] = (
    ("Conv2d", (1, 6, 5), {"padding": 2}),
    ("ReLU", (), {}),
    ("MaxPool2d", (2,), {}),
    ("Conv2d", (6, 16, 5), {}),
    ("ReLU", (), {}),
    ("MaxPool2d", (2,), {}),
    ("Flatten", (), {}),
    ("Linear", (400, 120), {}),
    ("ReLU", (), {}),
    ("Linear", (120, 84), {}),
    ("ReLU", (), {}),
    ("Linear", (84, 10), {}),
)
# nn.Sequential names its parameters by position; these are the LeNet names.
SEQUENTIAL_NAMES = {"0": "conv1", "3": "conv2", "7": "fc1", "9": "fc2", "11": "fc3"}


@functools.cache
def week19() -> Any:
    """Week 19's reference module (its NumPy `lenet_forward`), loaded on first use."""
    return reference("week19.cnn_forward")


@functools.cache
def mnist() -> tuple[np.ndarray, np.ndarray]:
    return load_mnist_5k()


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The grader's MNIST digits: images (5000, 1, 28, 28) and labels (5000,)."""
    try:
        return mnist()
    except (DataError, OSError, ValueError) as error:  # a missing or damaged copy of the data
        fail(
            _("the grader's MNIST digits are unavailable ({error}); tell your instructor").format(
                error=error
            )
        )


def sample(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    """`count` distinct digits drawn from `rng`: images (count, 1, 28, 28), labels (count,)."""
    X, y = digits()
    chosen = rng.choice(len(X), size=count, replace=False)
    return X[chosen], y[chosen]


def parameters(state: Any, what: str) -> Params:
    """A state_dict as float64 arrays under the LeNet names (Sequential names are mapped)."""
    if not isinstance(state, dict):
        fail(
            _("{what} returned {type}; expected a dict of tensors").format(
                what=what, type=describe_type(state)
            )
        )
    params: Params = {}
    for key, value in state.items():
        if not isinstance(value, np.ndarray):
            fail(
                _("{what}[{key!r}] is {type}; expected a tensor").format(
                    what=what, key=key, type=describe_type(value)
                )
            )
        prefix, _dot, rest = key.partition(".")
        params[f"{SEQUENTIAL_NAMES.get(prefix, prefix)}.{rest}"] = value.astype(np.float64)
    return params


def numpy_logits(X: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    """Week 19's lenet_forward on images X (n, 1, 28, 28), 250 at a time: logits (n, 10)."""
    cf = week19()
    parts = [
        cf.lenet_forward(X[i : i + 250].astype(np.float64), params) for i in range(0, len(X), 250)
    ]
    return np.concatenate(parts)


def cross_entropy_each(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The cross-entropy of each sample: logits (n, k), labels (n,) → losses (n,)."""
    top = logits.max(axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    losses: np.ndarray = log_z - logits[np.arange(len(y)), y]
    return losses


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax: (n, k) → (n, k)."""
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def batch_means(values: np.ndarray, batch_size: int) -> np.ndarray:
    """The mean of each consecutive batch of `values` (n,): (ceil(n / batch_size),)."""
    return np.array([values[i : i + batch_size].mean() for i in range(0, len(values), batch_size)])


def last_batch_stands_out(key: np.ndarray) -> np.ndarray:
    """An order of the samples by `key` (n,): those with the largest key land in the short last
    batch, so averaging batch means (instead of samples) shows."""
    order: np.ndarray = np.argsort(key, kind="stable")
    return order


def replay(
    start: Params, X: np.ndarray, y: np.ndarray, batch_size: int, lr: float, variant: str
) -> Params:
    """The grader's own SGD epoch (in this process, with torch), or a known mistake of it.

    `variant` is "right", "no_zero_grad", "softmax", "summed" or "first_batch"; X is
    (n, 1, 28, 28), y (n,).
    """
    import torch
    import torch.nn.functional as F
    from torch import nn

    model = nn.Sequential(*(getattr(nn, name)(*args, **kwargs) for name, args, kwargs in LAYERS))
    names = {name: index for index, name in SEQUENTIAL_NAMES.items()}
    state = {}
    for key, value in start.items():
        layer, _dot, rest = key.partition(".")
        state[f"{names[layer]}.{rest}"] = torch.from_numpy(value.astype(np.float32))
    model.load_state_dict(state)
    weights = list(model.parameters())
    for i in range(0, batch_size if variant == "first_batch" else len(X), batch_size):
        images = torch.from_numpy(X[i : i + batch_size].astype(np.float32))
        labels = torch.from_numpy(y[i : i + batch_size].astype(np.int64))
        if variant != "no_zero_grad":
            model.zero_grad()
        logits = model(images)
        if variant == "softmax":
            logits = F.softmax(logits, dim=1)
        reduction = "sum" if variant == "summed" else "mean"
        loss = F.cross_entropy(logits, labels, reduction=reduction)
        loss.backward()  # type: ignore[no-untyped-call]
        # Plain SGD, as torch.optim.SGD does it (whose first use imports torch._dynamo: slow).
        with torch.no_grad():
            for weight in weights:
                if weight.grad is not None:
                    weight.add_(weight.grad, alpha=-lr)
    result = {key: value.detach().double().numpy() for key, value in model.state_dict().items()}
    return parameters(result, "replay")


def max_difference(a: Params, b: Params) -> float:
    """The largest absolute difference between two LeNets' weights."""
    return max(float(np.max(np.abs(a[key] - b[key]))) for key in SHAPES)
