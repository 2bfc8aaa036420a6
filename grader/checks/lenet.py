"""LeNet helpers shared by the week-19 and week-20 suites: the reference network with a
known mistake (for the diagnoses) and what a wrong layer's shape error means.

Not a suite: it declares no checks, so a week-20 autograder bundle ships it without the
week-19 checks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from grader.checks.diagnosis import Mistake
from grader.checks.reference import reference
from grader.i18n import N_, _

LENET_LAYERS = ("conv1", "conv2", "fc1", "fc2")
FLATTEN_ORDER = N_(
    "flattens the (n, 16, 5, 5) maps in the wrong order (channels last?); flatten channel by "
    "channel, row by row, like torch.flatten(x, 1): a.reshape(n, -1) on the (n, C, H, W) array"
)
RELU_ON_LOGITS = N_("applies ReLU to fc3; the logits are fc3's raw output (no activation)")
SOFTMAX_ON_LOGITS = N_("returns probabilities; return the logits, before any softmax")
AVG_POOLING = N_("uses average pooling; LeNet here uses 2x2 max pooling")
NOT_TRANSPOSED = N_(
    "PyTorch stores a dense layer's weights as (d_out, d_in), so a dense layer is "
    "x @ W.T + b, not x @ W"
)


def cnn_forward() -> Any:
    """The week-19 reference module `cnn_forward` (relu, conv2d_forward, the pools), asked
    for at each use: in the student edition it is the recorded replay."""
    return reference("week19.cnn_forward")


def lenet_variant(
    X: np.ndarray,
    params: Mapping[str, np.ndarray],
    *,
    skip_relu: str = "",
    flatten_last: bool = False,
    head: str = "",
    pool: str = "max",
) -> np.ndarray:
    """The reference LeNet's (n, 10) logits for X (n, 1, 28, 28), or one of its known mistakes."""
    cf = cnn_forward()

    def act(layer: str, z: np.ndarray) -> np.ndarray:
        return z if layer == skip_relu else cf.relu(z)

    pooled = cf.max_pool2d_forward if pool == "max" else cf.avg_pool2d_forward
    a = act("conv1", cf.conv2d_forward(X, params["conv1.weight"], params["conv1.bias"], padding=2))
    a = pooled(a, 2)
    a = act("conv2", cf.conv2d_forward(a, params["conv2.weight"], params["conv2.bias"]))
    a = pooled(a, 2)
    a = a.transpose(0, 2, 3, 1) if flatten_last else a
    a = a.reshape(a.shape[0], -1)
    a = act("fc1", a @ params["fc1.weight"].T + params["fc1.bias"])
    a = act("fc2", a @ params["fc2.weight"].T + params["fc2.bias"])
    logits: np.ndarray = a @ params["fc3.weight"].T + params["fc3.bias"]
    if head == "relu":
        return np.asarray(cf.relu(logits))
    if head == "softmax":
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        return np.asarray(shifted / shifted.sum(axis=1, keepdims=True))
    return logits


def lenet_mistakes(X: np.ndarray, params: Mapping[str, np.ndarray]) -> list[Mistake]:
    """Known wrong LeNets, each with its hint (shared with the week-20 checks)."""
    mistakes = [Mistake(_(FLATTEN_ORDER), lenet_variant(X, params, flatten_last=True))]
    for layer in LENET_LAYERS:
        hint = _(
            "no ReLU after {layer}: conv1, conv2, fc1 and fc2 are each followed by a ReLU"
        ).format(layer=layer)
        mistakes.append(Mistake(hint, lenet_variant(X, params, skip_relu=layer)))
    mistakes += [
        Mistake(_(RELU_ON_LOGITS), lenet_variant(X, params, head="relu")),
        Mistake(_(SOFTMAX_ON_LOGITS), lenet_variant(X, params, head="softmax")),
        Mistake(_(AVG_POOLING), lenet_variant(X, params, pool="avg")),
    ]
    return mistakes


# How many features reach fc1 when a layer is missing, for 28x28 inputs.
FEATURE_HINTS = {
    16 * 10 * 10: N_("the second max pooling is missing"),
    16 * 12 * 12: N_("the first max pooling is missing"),
    16 * 24 * 24: N_("both max-pooling layers are missing"),
    16 * 22 * 22: N_(
        "the max pooling moves by 1 pixel; 2x2 pooling uses stride 2 and halves the size"
    ),
    16 * 4 * 4: N_("conv1 needs padding=2 (28x28 in, 28x28 out)"),
    6 * 7 * 7: N_("conv2 is missing"),
}
DENSE = {(120, 400), (84, 120), (10, 84)}
MISMATCH = (
    re.compile(r"size (\d+) is different from (\d+)"),  # np.matmul: (operand 1 dim, operand 0 dim)
    re.compile(r"(\d+) \(dim 1\) != (\d+) \(dim 0\)"),  # np.dot: (operand 0 dim, operand 1 dim)
)


def explain_shape_error(message: str) -> str:
    """A hint for the matmul error a wrong LeNet raises, or "" when it is not one."""
    for index, pattern in enumerate(MISMATCH):
        found = pattern.search(message)
        if not found:
            continue
        first, second = int(found.group(1)), int(found.group(2))
        rows, features = (first, second) if index == 0 else (second, first)
        if (rows, features) in DENSE:
            return _(NOT_TRANSPOSED)
        if features in FEATURE_HINTS:
            return _("fc1 expects 400 features (16 x 5 x 5) but gets {features}: {cause}").format(
                features=features, cause=_(FEATURE_HINTS[features])
            )
        if rows == 400 or features not in (400, 120, 84):
            return _(
                "fc1 expects 400 features (16 x 5 x 5) but gets {features}: check the layers "
                "before it"
            ).format(features=features)
    return ""
