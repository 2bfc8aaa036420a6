"""A training run of the PyTorch playground, kept free of Streamlit so it can be tested.

One `Playground` holds a run: a 2-D data set, an MLP in PyTorch trained epoch by epoch,
its history (loss, accuracy, gradient norm per layer) and, on request, the student's own
NumPy MLP from week 18 trained alongside it from the very same initial weights on the very
same batches. In float64 their loss curves agree to ~1e-16 when the student's backprop and
optimizer are right.

This module owns the run (`Playground`, `StudentRun`); the parts it ties together live
beside it, and their names stay importable from here, as the page and the tests use them:

- `network`: the run's `Config`, the initial weights, the loss, the `Engine` interface;
- `datasets`: the data sets and the batches of each epoch;
- `torch_engine`: the PyTorch model, its optimizer and training step;
- `student_engine`: the student's model in a worker process, and its one-line problems;
- `training`: one epoch through any engine, and the `History` it records;
- `figures`: the decision boundaries and training curves.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from grader.isolation.runner import Limits
from interactive_labs.m07_deep_learning.datasets import DATASETS, batch_indices, make_dataset
from interactive_labs.m07_deep_learning.figures import (
    Grid,
    boundary_figure,
    curves_figure,
    figure_png,
    log_axis,
    make_grid,
)
from interactive_labs.m07_deep_learning.network import (
    ACTIVATIONS,
    OPTIMIZERS,
    Config,
    Engine,
    FloatArray,
    IntArray,
    StepResult,
    bce,
    init_params,
)
from interactive_labs.m07_deep_learning.student_engine import (
    DEFAULT_STUDENT_ROOT,
    EXERCISE_ID,
    LOADING,
    STUDENT_MODULE,
    STUDENT_PATH,
    StudentEngine,
    StudentProblem,
    describe_shape,
    friendly_message,
    student_file_label,
)
from interactive_labs.m07_deep_learning.torch_engine import (
    TORCH_ACTIVATIONS,
    TorchEngine,
    TorchMLP,
    grad_of,
    torch_optimizer,
)
from interactive_labs.m07_deep_learning.training import History, train_epoch

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "DEFAULT_STUDENT_ROOT",
    "EXERCISE_ID",
    "LOADING",
    "OPTIMIZERS",
    "STUDENT_MODULE",
    "STUDENT_PATH",
    "TORCH_ACTIVATIONS",
    "Config",
    "Engine",
    "FloatArray",
    "Grid",
    "History",
    "IntArray",
    "Playground",
    "StepResult",
    "StudentEngine",
    "StudentProblem",
    "StudentRun",
    "TorchEngine",
    "TorchMLP",
    "batch_indices",
    "bce",
    "boundary_figure",
    "curves_figure",
    "describe_shape",
    "figure_png",
    "file_mtime",
    "friendly_message",
    "grad_of",
    "init_params",
    "log_axis",
    "make_dataset",
    "make_grid",
    "student_file_label",
    "torch_optimizer",
    "train_epoch",
]


# A run: the data, the torch engine, the optional student engine, their histories.


def file_mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None


@dataclass
class StudentRun:
    """The student's side of a run: engine (None when broken), history, and what went wrong.

    `mtime` is the student's file's modification time when the engine was started; a
    change restarts the engine from the initial weights (it then catches up).
    """

    root: Path
    mtime: float | None
    history: History = field(default_factory=History)
    engine: StudentEngine | None = None
    problem: str | None = None

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()
            self.engine = None

    def stale(self) -> bool:
        return file_mtime(self.root / STUDENT_PATH) != self.mtime


class Playground:
    """One training run of the torch MLP, and optionally of the student's, side by side.

    Args:
        config: the run's settings.
        limits: the student's worker's limits; ``timeout`` applies to each epoch.
    """

    def __init__(self, config: Config, limits: Limits | None = None) -> None:
        self.config = config
        self.limits = limits or Limits(timeout=5.0)
        self.X, self.Y = make_dataset(config.dataset, config.n_points, config.noise, config.seed)
        self.initial_params = init_params(config.layer_sizes, config.seed)
        self.torch = TorchEngine(config, self.initial_params)
        self.history = History()
        self.student: StudentRun | None = None

    @property
    def epoch(self) -> int:
        return self.history.epochs

    def close(self) -> None:
        """Stop the student's worker, if any (call on Reset and before dropping a run)."""
        if self.student is not None:
            self.student.close()
            self.student = None

    def set_student(self, root: Path | None) -> None:
        """Train the student's MLP from `root` (a tree like exercises/), or stop doing so."""
        if root is None:
            self.close()
            return
        root = root.resolve()
        if self.student is None or self.student.root != root:
            self.close()
            self.student = self.start_student(root)

    def start_student(self, root: Path) -> StudentRun:
        run = StudentRun(root, file_mtime(root / STUDENT_PATH))
        try:
            run.engine = StudentEngine(root, self.config, self.initial_params, self.limits)
        except StudentProblem as problem:
            run.problem = str(problem)
        return run

    def refresh_student(self) -> None:
        """Restart the student's engine when their file changed since it started."""
        if self.student is not None and self.student.stale():
            root = self.student.root
            self.close()
            self.student = self.start_student(root)

    def train(self, until: int, budget_s: float = 0.25, max_epochs: int | None = None) -> int:
        """Train both engines for up to `budget_s` seconds of wall clock.

        The torch engine stops at `until` epochs; the student's follows it epoch by epoch
        (after a restart it first catches up, on the same batches).

        Args:
            until: total epochs of the run.
            budget_s: time for this call; at least one epoch is trained if any is left.
            max_epochs: at most this many torch epochs in this call.
        Returns:
            the number of torch epochs trained.
        """
        self.refresh_student()
        deadline = time.monotonic() + budget_s
        trained = 0
        while True:
            run = self.student
            if run is not None and run.engine is not None and run.history.epochs < self.epoch:
                self.student_epoch(run, run.engine)
            elif self.epoch < until and (max_epochs is None or trained < max_epochs):
                train_epoch(self.torch, self.X, self.Y, self.config, self.epoch, self.history)
                trained += 1
            else:
                break
            if time.monotonic() >= deadline:
                break
        return trained

    def finished(self, until: int) -> bool:
        """Torch has trained `until` epochs and the student's engine (if working) caught up."""
        run = self.student
        lagging = run is not None and run.engine is not None and run.history.epochs < self.epoch
        return self.epoch >= until and not lagging

    def student_epoch(self, run: StudentRun, engine: StudentEngine) -> None:
        engine.renew_deadline()
        try:
            train_epoch(engine, self.X, self.Y, self.config, run.history.epochs, run.history)
        except StudentProblem as problem:
            run.problem = str(problem)
            run.close()

    def loss_now(self) -> float:
        """The torch model's loss on the whole data set at its current parameters."""
        return bce(self.Y, self.torch.predict(self.X))

    def loss_gap(self) -> float | None:
        """Largest |torch loss - student loss| over the epochs both have trained."""
        if self.student is None or self.student.history.epochs == 0:
            return None
        k = min(self.epoch, self.student.history.epochs)
        ours = self.history.loss_array()[:k]
        theirs = self.student.history.loss_array()[:k]
        return float(np.max(np.abs(ours - theirs)))

    def first_disagreement(self, tol: float = 1e-6) -> int | None:
        """The first epoch (1-based) whose losses differ by more than `tol` (NaN included)."""
        if self.student is None:
            return None
        k = min(self.epoch, self.student.history.epochs)
        diff = np.abs(self.history.loss_array()[:k] - self.student.history.loss_array()[:k])
        apart = ~(diff <= tol)
        return int(np.argmax(apart)) + 1 if apart.any() else None

    def boundaries(self, grid: Grid) -> list[tuple[str, FloatArray]]:
        """(title, P on the grid) for the torch model, and the student's when it works."""
        panels = [(f"PyTorch (autograd), epoch {self.epoch}", self.torch.predict(grid.points))]
        run = self.student
        if run is not None and run.engine is not None:
            try:
                probs = run.engine.predict(grid.points)
                panels.append((f"your NumPy MLP, epoch {run.history.epochs}", probs))
            except StudentProblem as problem:
                run.problem = str(problem)
                run.close()
        return panels
