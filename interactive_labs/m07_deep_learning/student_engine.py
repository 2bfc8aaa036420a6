"""The student's side: their week 18 MLP and optimizer trained in a worker process.

The student's module is never imported here: it runs in a child process through the
grader's `Worker`, and anything that goes wrong there becomes a one-line message that names
the function to fix (`StudentProblem`), never a traceback. Which module that is, and the id
`grade` knows it by, come from the grader's exercise list.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from grader.isolation.protocol import Remote
from grader.isolation.runner import Limits, StudentFailure, Worker
from grader.registry import BY_ID
from grader.wording import playground_message
from interactive_labs.m07_deep_learning.network import Config, FloatArray, StepResult, bce
from workbook.paths import EXERCISES, ROOT

T = TypeVar("T")

EXERCISE_ID = "mlp"
STUDENT_MODULE = BY_ID[EXERCISE_ID].module  # "week18.neural_network"
STUDENT_PATH = Path(BY_ID[EXERCISE_ID].path)
LOADING = "loading the module"  # what we call while the worker starts
DEFAULT_STUDENT_ROOT = EXERCISES  # the workbook's own exercises/


class StudentProblem(Exception):
    """The student's code cannot be used; the message says what to fix, without a traceback."""


def student_file_label(root: Path) -> str:
    """How the page names the student's file: relative to the workbook when it lives there."""
    path = root.resolve() / STUDENT_PATH
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def friendly_message(failure: StudentFailure, what: str, file_label: str, timeout: float) -> str:
    """One line for the page: which function failed, how, and where to fix it (worded by
    grader.wording, in the current language).

    Args:
        failure: what the worker reported.
        what: the student's function we called, e.g. "MLP.backward", or ``LOADING``.
        file_label: the student's file, e.g. "exercises/week18/neural_network.py".
        timeout: the per-epoch time limit, for the timeout message.
    """
    return playground_message(
        failure, what, file_label, EXERCISE_ID, timeout, loading=what == LOADING
    )


def describe_shape(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    return f"a {type(value).__name__}" if value is not None else "None"


class StudentEngine:
    """The student's week 18 ``MLP`` and optimizer, alive in a worker process.

    The model is built with ``MLP(layer_sizes, activation=..., seed=...)`` and then given
    our initial parameters (``setattr(model, "params", ...)``), so it starts where the
    torch model starts. Each step calls the student's ``forward``, ``backward`` and
    ``optimizer.step(model.params, grads)``; the loss is computed here from their P.
    """

    def __init__(
        self, root: Path, config: Config, params: Sequence[FloatArray], limits: Limits
    ) -> None:
        self.root = root.resolve()
        self.label = student_file_label(self.root)
        self.limits = limits
        self.shapes = [p.shape for p in params]
        self.first_params = [p.copy() for p in params]
        self.steps = 0
        self.worker = Worker(self.root, STUDENT_MODULE, limits)
        # A browser session that goes away drops its run without Reset: stop the child then.
        self.stop = weakref.finalize(self, self.worker.stop)
        try:
            self.setup(config, params)
        except StudentProblem:
            self.stop()
            raise

    def setup(self, config: Config, params: Sequence[FloatArray]) -> None:
        """Start the worker, build the student's model and optimizer there."""
        self.guard(LOADING, self.worker.start)
        model = self.guard(
            "MLP(...)",
            lambda: self.worker.call(
                "MLP", config.layer_sizes, activation=config.activation, seed=config.seed
            ),
        )
        if not isinstance(model, Remote):
            self.fail(f"Your MLP(...) returned {describe_shape(model)}, not an MLP object")
        self.model = model
        # The child holds one params list, shared by the model and the optimizer's
        # updates, so in-place steps change the model as they would in `train`.
        self.held = self.guard("MLP.params", lambda: self.worker.keep([p.copy() for p in params]))
        self.guard("MLP.params", lambda: self.worker.setattr(model, "params", self.held))
        name = config.optimizer
        if name == "SGD":
            optimizer = self.guard("SGD(lr)", lambda: self.worker.call("SGD", config.lr))
        elif name == "Momentum":
            optimizer = self.guard(
                "Momentum(lr, beta)",
                lambda: self.worker.call("Momentum", config.lr, config.momentum),
            )
        else:
            optimizer = self.guard("Adam(lr)", lambda: self.worker.call("Adam", config.lr))
        if not isinstance(optimizer, Remote):
            self.fail(f"Your {name}(...) returned {describe_shape(optimizer)}, not an optimizer")
        self.optimizer = optimizer
        self.optimizer_name = name

    def close(self) -> None:
        self.stop()

    def fail(self, detail: str) -> None:
        raise StudentProblem(f"{detail}: fix it in {self.label}, then `grade {EXERCISE_ID}`.")

    def guard(self, what: str, call: Callable[[], T]) -> T:
        """Run one call into the child; turn a failure into a `StudentProblem`."""
        try:
            return call()
        except StudentFailure as failure:
            message = friendly_message(failure, what, self.label, self.limits.timeout)
            raise StudentProblem(message) from None

    def renew_deadline(self) -> None:
        """The worker's deadline covers its whole life; here it covers one epoch at a time."""
        self.worker.deadline = time.monotonic() + self.limits.timeout

    def forward(self, X: FloatArray) -> FloatArray:
        P = self.guard("MLP.forward", lambda: self.worker.method(self.model, "forward", X))
        if not isinstance(P, np.ndarray) or P.shape != (len(X), 1):
            self.fail(
                f"Your MLP.forward returned {describe_shape(P)} for X of shape {X.shape}; "
                f"expected P of shape ({len(X)}, 1)"
            )
        if P.dtype.kind not in "fiu":
            self.fail(f"Your MLP.forward returned an array of {P.dtype}, not numbers")
        probs: FloatArray = P.astype(np.float64)
        return probs

    def step(self, X: FloatArray, Y: FloatArray) -> StepResult:
        P = self.forward(X)
        grads = self.guard("MLP.backward", lambda: self.worker.method(self.model, "backward", Y))
        self.check_grads(grads)
        self.guard(
            f"{self.optimizer_name}.step",
            lambda: self.worker.method(self.optimizer, "step", self.held, grads),
        )
        self.steps += 1
        if self.steps == 1:
            self.check_moved()
        norms = [float(np.linalg.norm(g)) for g in grads[0::2]]
        correct = int(np.sum((P > 0.5) == (Y > 0.5)))
        return StepResult(bce(Y, P), correct, norms)

    def check_grads(self, grads: Any) -> None:
        names = [f"{'Wb'[i % 2]}{i // 2 + 1}" for i in range(len(self.shapes))]
        if not isinstance(grads, list | tuple) or len(grads) != len(self.shapes):
            count = f"{len(grads)} items" if isinstance(grads, list | tuple) else None
            self.fail(
                f"Your MLP.backward returned {count or describe_shape(grads)}; expected a "
                f"list of {len(self.shapes)} gradients [{', '.join(names)}]"
            )
        for name, grad, shape in zip(names, grads, self.shapes, strict=True):
            if not isinstance(grad, np.ndarray) or grad.shape != shape:
                self.fail(
                    f"Your MLP.backward returned {describe_shape(grad)} as d{name}; "
                    f"expected the shape of {name}, {shape}"
                )

    def check_moved(self) -> None:
        """After the first step, the params the model holds must have changed (in place)."""
        now = self.guard("MLP.params", lambda: self.worker.fetch(self.held))
        if isinstance(now, list) and all(
            isinstance(a, np.ndarray) and np.array_equal(a, b)
            for a, b in zip(now, self.first_params, strict=False)
        ):
            self.fail(
                f"Your {self.optimizer_name}.step left model.params unchanged: update each "
                "array in place (p -= ...), rebinding a local name changes nothing"
            )

    def predict(self, X: FloatArray) -> FloatArray:
        self.renew_deadline()
        return self.forward(X)
