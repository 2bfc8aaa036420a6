"""The exercises the grader knows: id, week, student module, title and limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WEEKS = ("week17", "week18", "week19", "week20")


class UsageError(Exception):
    """The user asked for something that doesn't exist (a target, a path)."""


@dataclass(frozen=True)
class Exercise:
    """One gradable unit: a student module and the hidden checks for it.

    Attributes:
        id: what users type: "7.1" ... "7.8", or a short name such as "mlp".
        week: "week17" ... "week20".
        module: dotted module inside a submission, e.g. "week18.ex7_4_backprop".
        title: shown in reports.
        timeout: wall-clock seconds for all of this exercise's checks, start-up included.
        memory_gib: address-space cap for the child process.
    """

    id: str
    week: str
    module: str
    title: str
    timeout: float = 10.0
    memory_gib: float = 2.0

    @property
    def filename(self) -> str:
        return self.module.split(".")[-1] + ".py"

    @property
    def path(self) -> str:
        return self.module.replace(".", "/") + ".py"


EXERCISES: tuple[Exercise, ...] = (
    Exercise("7.1", "week17", "week17.ex7_1_activations", "Activations and derivatives"),
    Exercise("perceptron", "week17", "week17.perceptron", "Perceptron learning rule"),
    Exercise("7.2", "week17", "week17.ex7_2_dense", "Dense layer forward"),
    Exercise("7.3", "week17", "week17.ex7_3_softmax", "Stable softmax and cross-entropy"),
    Exercise("mlp-forward", "week17", "week17.mlp_forward", "MLP forward pass"),
    Exercise("7.4", "week18", "week18.ex7_4_backprop", "Two-layer backprop"),
    Exercise("7.5", "week18", "week18.ex7_5_overfit_logreg", "Logistic regression overfit",
             timeout=30.0),
    Exercise("7.6", "week18", "week18.ex7_6_optimizers", "SGD and Adam on a quadratic"),
    Exercise("7.7", "week18", "week18.ex7_7_clipping", "Gradient clipping"),
    Exercise("mlp", "week18", "week18.neural_network", "MLP, optimizers and XOR", timeout=30.0),
    Exercise("overfit", "week18", "week18.overfit_test", "Overfit test", timeout=30.0),
    Exercise("7.8", "week19", "week19.ex7_8_conv_shape", "Convolution output shape"),
    Exercise("cnn-forward", "week19", "week19.cnn_forward", "NumPy CNN forward", timeout=20.0),
    Exercise("shape-quiz", "week19", "week19.shape_quiz", "LeNet shape quiz"),
    Exercise("cnn-train", "week20", "week20.cnn_pytorch", "PyTorch CNN training",
             timeout=90.0, memory_gib=6.0),
)  # fmt: skip
BY_ID = {exercise.id: exercise for exercise in EXERCISES}


def resolve_targets(targets: Sequence[str]) -> list[Exercise]:
    """Expand weeks, ids and "all" into exercises, in workbook order, without repeats.

    Raises:
        UsageError: a target names no week and no exercise.
    """
    chosen: set[str] = set()
    for target in targets:
        if target == "all":
            chosen.update(BY_ID)
        elif target in WEEKS:
            chosen.update(e.id for e in EXERCISES if e.week == target)
        elif target in BY_ID:
            chosen.add(target)
        else:
            known = ", ".join(["all", *WEEKS, *BY_ID])
            raise UsageError(f"unknown target {target!r}; choose from {known}")
    return [exercise for exercise in EXERCISES if exercise.id in chosen]
