"""The logic of the PyTorch training playground, kept free of Streamlit so it can be tested.

One `Playground` holds a run: a 2-D data set, an MLP in PyTorch trained epoch by epoch,
its history (loss, accuracy, gradient norm per layer) and, on request, the student's own
NumPy MLP from week 18 trained alongside it from the very same initial weights on the very
same batches. The student's module is never imported here: it runs in a child process
through the grader's `Worker`, and anything that goes wrong there becomes a one-line
message that names the function to fix (`StudentProblem`), never a traceback.

Both engines compute the same network: hidden layers ``A = act(A @ W + b)``, a sigmoid
output trained with binary cross-entropy averaged over the batch, and the parameters as
one flat list ``[W1, b1, ..., WL, bL]`` with ``W`` of shape (d_in, d_out), as in
``solutions/week18/neural_network.py``. In float64 their loss curves agree to
~1e-16 when the student's backprop and optimizer are right.
"""

from __future__ import annotations

import io
import math
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np
import numpy.typing as npt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator
from torch import nn
from torch.nn import functional as F

from grader.isolation.protocol import Remote
from grader.isolation.runner import Limits, StudentFailure, Worker
from workbook.paths import EXERCISES, ROOT

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
T = TypeVar("T")

DATASETS = ("XOR", "two moons", "circles", "spirals")
ACTIVATIONS = ("tanh", "relu", "sigmoid")
OPTIMIZERS = ("Adam", "SGD", "Momentum")
STUDENT_MODULE = "week18.neural_network"
STUDENT_PATH = Path("week18") / "neural_network.py"
EXERCISE_ID = "mlp"
LOADING = "loading the module"  # what we call while the worker starts
DEFAULT_STUDENT_ROOT = EXERCISES  # the workbook's own exercises/


# Data sets: n points in the plane, labels 0/1 as a column, seeded, classes balanced.


def make_dataset(
    name: str, n: int = 200, noise: float = 0.1, seed: int = 0
) -> tuple[FloatArray, FloatArray]:
    """A seeded 2-D binary classification data set.

    Args:
        name: one of ``DATASETS``.
        n: number of points (at least 4).
        noise: std of the Gaussian jitter added to every point (for XOR, around each
            corner of the unit square; for the spirals, half of it, their arms are close).
        seed: seed for ``np.random.default_rng``; same seed, same points.
    Returns:
        X: shape (n, 2);  Y: shape (n, 1), 0.0 or 1.0, half of each (±1), rows shuffled.
    Raises:
        ValueError: unknown name or n < 4.
    """
    if n < 4:
        raise ValueError(f"n must be at least 4, got {n}")
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 2).astype(np.float64)
    if name == "XOR":
        # Corners cycle 00, 01, 11, 10 so the labels 0, 1, 0, 1 alternate like the rest.
        corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]])[np.arange(n) % 4]
        X = corners + noise * rng.standard_normal((n, 2))
    elif name in ("two moons", "circles", "spirals"):
        # One angle-like parameter t per point, spread evenly within each class.
        t = (np.arange(n) // 2) / max((n - 1) // 2, 1)
        if name == "two moons":
            angle = math.pi * t
            upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
            lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
            X = np.where(labels[:, None] == 0.0, upper, lower) - np.array([0.5, 0.25])
        elif name == "circles":
            angle = 2.0 * math.pi * t
            radius = np.where(labels == 0.0, 1.0, 0.5)
            X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
        else:
            radius = 0.1 + 0.9 * t
            angle = 3.0 * math.pi * t + math.pi * labels
            X = radius[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
            noise /= 2.0
        X = X + noise * rng.standard_normal((n, 2))
    else:
        raise ValueError(f"unknown data set {name!r}; pick from {DATASETS}")
    order = rng.permutation(n)
    return X[order], labels[order, None]


def batch_indices(n: int, batch_size: int, seed: int, epoch: int) -> list[IntArray]:
    """The mini-batches of one epoch, the same for both engines.

    Args:
        n: number of points.
        batch_size: points per batch; 0 (or >= n) means one full batch, in order.
        seed, epoch: the shuffle is seeded by both, so any engine can replay any epoch.
    Returns:
        index arrays that together cover range(n) once.
    """
    if batch_size <= 0 or batch_size >= n:
        return [np.arange(n, dtype=np.int64)]
    order = np.random.default_rng([seed, epoch]).permutation(n).astype(np.int64)
    return [order[start : start + batch_size] for start in range(0, n, batch_size)]


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
    """One line for the page: which function failed, how, and where to fix it.

    Args:
        failure: what the worker reported.
        what: the student's function we called, e.g. "MLP.backward", or ``LOADING``.
        file_label: the student's file, e.g. "exercises/week18/neural_network.py".
        timeout: the per-epoch time limit, for the timeout message.
    """
    then = f"then `grade {EXERCISE_ID}`"
    if what == LOADING and failure.kind != "import":
        return f"{file_label} could not be loaded ({failure.describe()}): fix it, {then}."
    if failure.kind == "not_implemented":
        return f"Your {what} is not implemented yet: fill it in {file_label}, {then}."
    if failure.kind == "import":
        if failure.message.startswith("missing module"):
            return f"There is no {file_label} to train: write your week 18 MLP there, {then}."
        return f"{file_label} does not import ({failure.describe()}): fix it, {then}."
    if failure.kind == "missing":
        return f"{failure.describe()}: write it in {file_label}, {then}."
    if failure.kind == "timeout":
        return (
            f"Your {what} did not finish within {timeout:g} s (an endless loop?): "
            f"fix it in {file_label}, {then}."
        )
    if failure.kind == "error":
        return f"Your {what} raised {failure.describe()}: fix it in {file_label}, {then}."
    return f"Your {what} failed: {failure.describe()}. Fix it in {file_label}, {then}."


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


# A run: the data, the torch engine, the optional student engine, their histories.


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


# Figures: matplotlib Figures made directly (no pyplot state), for st.pyplot or PNG files.


@dataclass(frozen=True)
class Grid:
    """A square grid over the data: xx, yy of shape (steps, steps), points (steps**2, 2)."""

    xx: FloatArray
    yy: FloatArray
    points: FloatArray


def make_grid(X: FloatArray, steps: int = 120, margin: float = 0.4) -> Grid:
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    return Grid(xx, yy, np.column_stack([xx.ravel(), yy.ravel()]))


def boundary_figure(
    X: FloatArray, Y: FloatArray, grid: Grid, panels: Sequence[tuple[str, FloatArray]]
) -> Figure:
    """P(class 1) over the plane, the 0.5 contour, and the data, one panel per engine."""
    fig = Figure(figsize=(4.2 * len(panels), 4.0), layout="constrained")
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, (title, probs) in zip(axes, panels, strict=True):
        P = probs.reshape(grid.xx.shape)
        levels = np.linspace(0.0, 1.0, 11)
        ax.contourf(grid.xx, grid.yy, P, levels=levels, cmap="RdBu_r", alpha=0.55)
        ax.contour(grid.xx, grid.yy, P, levels=[0.5], colors="k", linewidths=1.5)
        for label, color in ((0.0, "tab:blue"), (1.0, "tab:red")):
            points = X[Y[:, 0] == label]
            ax.scatter(points[:, 0], points[:, 1], c=color, s=16, edgecolors="white",
                       linewidths=0.6, label=f"class {label:g}")  # fmt: skip
        ax.set_title(title, fontsize=10)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
    return fig


def figure_png(fig: Figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (what the page shows, at a size cheap to redraw live)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def curves_figure(ours: History, theirs: History | None = None) -> Figure:
    """Loss (log scale, both engines), accuracy, and ||dW|| per layer (log scale)."""
    # A fixed layout: a layout engine would draw the figure several times per refresh.
    fig = Figure(figsize=(7.0, 5.6))
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.08, top=0.95, wspace=0.25, hspace=0.4)
    spec = fig.add_gridspec(2, 2)
    loss_ax, acc_ax = fig.add_subplot(spec[0, 0]), fig.add_subplot(spec[0, 1])
    grad_ax = fig.add_subplot(spec[1, :])
    engines = [("PyTorch", ours, "-")]
    if theirs is not None and theirs.epochs:
        engines.append(("your NumPy MLP", theirs, "--"))
    for name, history, style in engines:
        epochs = np.arange(1, history.epochs + 1)
        loss_ax.plot(epochs, history.loss, style, label=name)
        acc_ax.plot(epochs, history.accuracy, style, label=name)
    loss_ax.set(title="loss (BCE)", xlabel="epoch")
    acc_ax.set(title="accuracy", xlabel="epoch", ylim=(0.0, 1.05))
    grad_ax.set(title="gradient norm ||dW|| per layer (PyTorch)", xlabel="epoch")
    if ours.epochs:
        loss_ax.legend(fontsize=8)
        log_axis(loss_ax, ours.loss_array())
        norms = np.asarray(ours.grad_norms)
        epochs = np.arange(1, ours.epochs + 1)
        for layer in range(norms.shape[1]):
            grad_ax.plot(epochs, norms[:, layer], label=f"W{layer + 1}")
        grad_ax.legend(fontsize=8, ncol=2)
        log_axis(grad_ax, norms)
    return fig


def log_axis(ax: Axes, values: FloatArray) -> None:
    """A log y axis with plain-text labels: 1-2-5 ticks over short ranges, decades otherwise.

    Matplotlib's defaults (8 minor ticks per decade, mathtext labels) would cost more to
    draw than the rest of the figure, on every refresh.
    """
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return
    ax.set_yscale("log")
    decades = np.log10(positive.max() / positive.min())
    subs = (1.0, 2.0, 5.0) if decades < 2.5 else (1.0,)
    ax.yaxis.set_major_locator(LogLocator(base=10.0, subs=subs, numticks=30))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0e}" if v < 1e-3 else f"{v:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
