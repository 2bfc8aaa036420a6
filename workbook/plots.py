"""Pictures of what the workbook's code does, drawn with the student's code when it works.

Every function takes the student's module (or any object with the same attributes, such as a
``types.SimpleNamespace`` of functions) and returns a matplotlib :class:`Figure`. Each piece of
student code it needs is tried on its own; when it raises (``NotImplementedError`` from an
untouched stub, or any other error) or returns something unusable (a wrong shape, ``nan``, a
parameter that did not move), that piece is redrawn with the reference solution, and the
figure's title says which code drew what. A picture therefore always appears, and never
silently shows the reference as if it were the student's work.

Figures are made with :class:`matplotlib.figure.Figure` directly, not ``pyplot``: no global
figure state, and they render on any backend (Agg included). Pass ``path`` to also save a PNG.
"""

from __future__ import annotations

import functools
import importlib
import textwrap
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from matplotlib.figure import Figure

from grader.registry import BY_ID
from workbook.data import load_mnist_5k, train_test_split

T = TypeVar("T")
FloatArray = npt.NDArray[np.float64]
PathLike = str | Path | None

REFERENCE_LABEL = "reference solution"
YOURS = "yours"
MISSING = "not implemented"


class Unusable(ValueError):
    """The student's code ran but returned something a picture cannot be drawn from."""


class NeedsYourCode(RuntimeError):
    """The student edition has no reference to draw with: the picture waits for the code."""

    def __init__(self, key: str, why: str) -> None:
        state = "is not written yet" if why == MISSING else f"failed ({why})"
        super().__init__(
            f"this picture is drawn with your `{key}`, which {state}; the student edition has "
            "no reference to draw it with. Fix it, save, and run this cell again."
        )

    def _render_traceback_(self) -> list[str]:
        """IPython shows this one line instead of a traceback."""
        return [str(self)]


def load_reference(name: str) -> Any:
    """The reference module `solutions.<name>`, or None in the student edition."""
    try:
        return importlib.import_module(f"solutions.{name}")
    except ModuleNotFoundError as error:
        if error.name is not None and error.name.startswith("solutions"):
            return None
        raise


class Picker:
    """Runs one piece of student code at a time, falling back to the reference on failure.

    Attributes:
        student: the student's module (or namespace); None draws with the reference only.
        reference: the reference module, ``solutions.<week>.<name>``.
        used: key -> YOURS, MISSING (with the function's name in ``missing``), or why the
            reference was used, in call order.
    """

    def __init__(self, student: object | None, reference: str) -> None:
        self.student = student
        self.reference = load_reference(reference)
        self.used: dict[str, str] = {}
        self.missing: dict[str, str] = {}

    def run(self, key: str, compute: Callable[[Any], T]) -> T:
        """``compute(student)`` if it works, else ``compute(reference)``; remembers which.

        A key that already failed once goes straight to the reference, so one broken
        function is reported once and not retried in a loop.
        """
        if self.student is None:
            self.used.setdefault(key, REFERENCE_LABEL)
        elif self.used.get(key, YOURS) == YOURS:
            try:
                # Student code may overflow or divide by zero; the check cells report that,
                # the pictures only need to know whether the result is usable.
                with np.errstate(all="ignore"), warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = compute(self.student)
            except NotImplementedError as error:
                self.used[key] = MISSING
                self.missing[key] = str(error) or key
            except Unusable as error:
                self.used[key] = f"`{key}` {error}"
            except Exception as error:  # noqa: BLE001 - any failure means: draw the reference
                self.used[key] = f"`{key}` raised {type(error).__name__}: {_clip(str(error))}"
            else:
                self.used[key] = YOURS
                return result
        if self.reference is None:
            why = self.used.get(key, MISSING)
            raise NeedsYourCode(key, MISSING if why == REFERENCE_LABEL else why)
        return compute(self.reference)

    def call(self, name: str, *args: Any, check: Callable[[Any], None] | None = None) -> Any:
        """Call the function ``name`` with ``args``, validating the result with ``check``."""

        def compute(module: Any) -> Any:
            result = getattr(module, name)(*args)
            if check is not None:
                check(result)
            return result

        return self.run(name, compute)

    def function(self, name: str) -> Callable[..., Any]:
        """The student's ``name`` if it has worked so far, otherwise the reference's."""
        source = self.student if self.used.get(name) == YOURS else self.reference
        if source is None:
            raise NeedsYourCode(name, self.used.get(name, MISSING))
        function: Callable[..., Any] = getattr(source, name)
        return function

    def label(self) -> str:
        """Which code drew the picture, for its title."""
        if self.student is None:
            return f"drawn with the {REFERENCE_LABEL}"
        failed = [key for key, how in self.used.items() if how != YOURS]
        if not failed:
            return "drawn with your code"
        reasons = []
        missing = list(dict.fromkeys(self.missing[key] for key in failed if key in self.missing))
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            reasons.append(f"your {_names(missing)} {verb} not implemented yet")
        reasons += [self.used[key] for key in failed if key not in self.missing]
        if len(failed) == len(self.used):
            return f"drawn with the {REFERENCE_LABEL}: " + "; ".join(reasons)
        return f"your code, with the reference for {_names(failed)}: " + "; ".join(reasons)


def _names(names: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(f"`{name}`" for name in names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def finite_array(shape: tuple[int, ...] | None = None) -> Callable[[Any], None]:
    """A check: the value is a finite numeric array (of ``shape``, when given)."""

    def check(value: Any) -> None:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise Unusable(f"returned {type(value).__name__} of dtype {array.dtype}, not numbers")
        if shape is not None and array.shape != shape:
            raise Unusable(f"returned shape {array.shape}, expected {shape}")
        if not np.all(np.isfinite(array)):
            raise Unusable("returned nan or inf")

    return check


def _finish(fig: Figure, title: str, label: str, path: PathLike) -> Figure:
    """Title the figure with what it shows and whose code drew it; save it if asked."""
    width = max(60, int(fig.get_figwidth() * 12))  # characters that fit on one title line
    fig.suptitle("\n".join([title, *textwrap.wrap(f"({label})", width)]), fontsize=11)
    if path is not None:
        fig.savefig(path, dpi=100)
    return fig


def activations(module: object | None = None, path: PathLike = None) -> Figure:
    """Sigmoid and ReLU with their derivatives, and central differences as dots (exercise 7.1).

    Args:
        module: the student's ``ex7_1_activations`` (sigmoid, sigmoid_deriv, relu, relu_deriv,
            num_derivative); None draws the reference.
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["7.1"].module)
    z = np.linspace(-6.0, 6.0, 241)
    # 14 evenly spaced points that avoid ReLU's kink at 0, where no derivative exists.
    z_dots = np.linspace(-5.25, 5.25, 14)
    fig = Figure(figsize=(10, 4), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, name in zip(axes, ("sigmoid", "relu"), strict=True):
        values = pick.call(name, z, check=finite_array(z.shape))
        slope = pick.call(f"{name}_deriv", z, check=finite_array(z.shape))
        dots = pick.run(
            "num_derivative", functools.partial(_differences, pick.function(name), z_dots)
        )
        ax.plot(z, values, label=f"{name}(z)")
        ax.plot(z, slope, label=f"{name}'(z)")
        ax.plot(z_dots, dots, "o", markersize=5, label="central difference")
        ax.axhline(0.0, color="0.8", linewidth=0.8)
        ax.set_xlabel("z")
        ax.set_title(name)
        ax.legend(loc="upper left")
    return _finish(fig, "Activations and their derivatives", pick.label(), path)


def _differences(f: Callable[..., Any], z: FloatArray, module: Any) -> FloatArray:
    """``module.num_derivative(f, z)``, checked to be finite and of z's shape."""
    estimate = np.asarray(module.num_derivative(f, z), dtype=np.float64)
    finite_array(z.shape)(estimate)
    return estimate


def softmax_temperature(
    module: object | None = None,
    logits: Sequence[float] = (2.0, 1.0, 0.2, -1.0),
    path: PathLike = None,
) -> Figure:
    """Softmax of ``scale * logits`` as the scale grows (exercise 7.3).

    Args:
        module: the student's ``ex7_3_softmax`` (``softmax``); None draws the reference.
        logits: one row of logits.
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["7.3"].module)
    base = np.asarray(logits, dtype=np.float64)
    # Up to 1000x: far past the point (~350x here) where a naive exp(z) overflows.
    scales = np.geomspace(0.05, 1000.0, 80)
    bar_scales = np.array([0.25, 1.0, 4.0])

    def probabilities(module: Any, scale: FloatArray) -> FloatArray:
        p = np.asarray(module.softmax(np.outer(scale, base), axis=-1), dtype=np.float64)
        finite_array((len(scale), len(base)))(p)
        if not np.allclose(p.sum(axis=-1), 1.0, atol=1e-6):
            raise Unusable("returned rows that do not sum to 1")
        return p

    curves = pick.run("softmax", lambda m: probabilities(m, scales))
    bars = pick.run("softmax", lambda m: probabilities(m, bar_scales))
    fig = Figure(figsize=(11, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    width = 0.8 / len(bar_scales)
    classes = np.arange(len(base))
    for i, (scale, row) in enumerate(zip(bar_scales, bars, strict=True)):
        left.bar(classes + (i - 1) * width, row, width, label=f"logits × {scale:g}")
    left.set_xticks(classes, [f"class {k}\n(logit {v:g})" for k, v in enumerate(base)])
    left.set_ylabel("probability")
    left.set_title("softmax(scale × logits)")
    left.legend()
    for k in classes:
        right.semilogx(scales, curves[:, k], label=f"class {k}")
    right.axvline(709.0 / base.max(), color="0.6", linestyle=":", label="naive exp overflows")
    right.set_xlabel("scale (1 / temperature)")
    right.set_ylabel("probability")
    right.set_title("the same, for scales from 0.05 to 1000")
    right.legend(loc="center right")
    return _finish(fig, "Softmax as the logits are scaled up", pick.label(), path)


GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
GATE_OUTPUTS: dict[str, FloatArray] = {
    "AND": np.array([0.0, 0.0, 0.0, 1.0]),
    "OR": np.array([0.0, 1.0, 1.0, 1.0]),
    "NAND": np.array([1.0, 1.0, 1.0, 0.0]),
    "XOR": np.array([0.0, 1.0, 1.0, 0.0]),
}


def _perceptron_run(
    X: FloatArray, y: FloatArray, lr: float, epochs: int, module: Any
) -> tuple[FloatArray, float, FloatArray]:
    """``module.train_perceptron(X, y, lr, epochs)``, checked to be usable for a picture."""
    w, b, mistakes = module.train_perceptron(X, y, lr, epochs)
    weights = np.asarray(w, dtype=np.float64)
    finite_array((X.shape[1],))(weights)
    bias = np.asarray(b, dtype=np.float64)
    finite_array(())(bias)
    counts = np.asarray(mistakes, dtype=np.float64)
    finite_array((epochs,))(counts)
    return weights, float(bias), counts


def perceptron_gates(
    module: object | None = None, epochs: int = 10, lr: float = 1.0, path: PathLike = None
) -> Figure:
    """The line a perceptron learns for AND, OR, NAND and XOR, and its mistakes per epoch.

    Args:
        module: the student's ``perceptron`` (``train_perceptron``, ``predict``); None draws
            the reference.
        epochs: epochs of training for every gate.
        lr: the learning rate (from w = 0 and b = 0 it only scales the weights).
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["perceptron"].module)
    grid = np.linspace(-0.5, 1.5, 161)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])
    fig = Figure(figsize=(13, 6.4), layout="constrained")
    axes = fig.subplots(2, len(GATE_OUTPUTS), height_ratios=(3, 2))
    for column, (gate, y) in enumerate(GATE_OUTPUTS.items()):
        w, b, mistakes = pick.run(
            "train_perceptron", functools.partial(_perceptron_run, GATE_INPUTS, y, lr, epochs)
        )
        regions = pick.call("predict", points, w, b, check=finite_array((len(points),)))
        # The score is recomputed here from w and b, not read from the reported mistakes.
        right = int(np.sum((GATE_INPUTS @ w + b >= 0.0) == (y == 1.0)))
        top, bottom = axes[0, column], axes[1, column]
        top.contourf(gx, gy, np.asarray(regions).reshape(gx.shape), levels=[-0.5, 0.5, 1.5],
                     colors=["#f4c7c3", "#c6dbef"])  # fmt: skip
        if np.any(w != 0.0):
            top.contour(gx, gy, (points @ w + b).reshape(gx.shape), levels=[0.0], colors="k")
        for label, marker, color in ((0.0, "o", "tab:red"), (1.0, "s", "tab:blue")):
            chosen = y == label
            top.scatter(GATE_INPUTS[chosen, 0], GATE_INPUTS[chosen, 1], marker=marker, s=110,
                        c=color, edgecolors="k", label=f"{gate} = {label:g}")  # fmt: skip
        top.set_xlim(-0.5, 1.5)
        top.set_ylim(-0.5, 1.5)
        top.set_aspect("equal")
        top.set_title(f"{gate}: {right}/4 right after {epochs} epochs\n"
                      f"w = ({w[0]:.3g}, {w[1]:.3g}), b = {b:.3g}", fontsize=10)  # fmt: skip
        top.legend(loc="upper center", fontsize=8, ncols=2)
        epochs_axis = np.arange(1, epochs + 1)
        bottom.bar(epochs_axis, mistakes, color="0.45")
        clean = np.flatnonzero(mistakes == 0)
        bottom.set_title(
            f"no mistakes from epoch {clean[0] + 1}" if clean.size else "a mistake in every epoch",
            fontsize=10,
        )
        bottom.set_xlabel("epoch")
        bottom.set_ylim(0, 4.5)
        bottom.xaxis.get_major_locator().set_params(integer=True)
    axes[1, 0].set_ylabel("mistakes in the epoch")
    return _finish(fig, "The perceptron on four logic gates", pick.label(), path)


def quadratic_grad(w: FloatArray) -> FloatArray:
    """Gradient of f(w) = (w - 3)**2."""
    return 2.0 * (w - 3.0)


def run_optimizer(
    optimizer: Any, start: Sequence[float], grad: Callable[[FloatArray], FloatArray], steps: int
) -> FloatArray:
    """Positions visited by an optimizer object with ``step(params, grads)``.

    Returns:
        shape (steps + 1, len(start)).
    Raises:
        Unusable: the parameters never moved (an update that rebinds instead of writing in
            place) or left the finite numbers.
    """
    params = [np.array(start, dtype=np.float64)]
    path = [params[0].copy()]
    for _ in range(steps):
        optimizer.step(params, [grad(params[0])])
        path.append(np.array(params[0], dtype=np.float64))
    trajectory = np.array(path)
    if np.allclose(trajectory, trajectory[0]):
        raise Unusable("did not change the parameters (update them in place: p -= ...)")
    finite_array(trajectory.shape)(trajectory)
    return trajectory


def _trajectory(
    name: str,
    kwargs: dict[str, float],
    start: Sequence[float],
    grad: Callable[[FloatArray], FloatArray],
    steps: int,
    module: Any,
) -> FloatArray:
    """The path of ``module.<name>(**kwargs)`` (an optimizer class) from ``start``."""
    return run_optimizer(getattr(module, name)(**kwargs), start, grad, steps)


def optimizers_1d(
    module: object | None = None,
    network: object | None = None,
    w0: float = 10.0,
    steps: int = 120,
    path: PathLike = None,
) -> Figure:
    """w over the steps for SGD, Momentum and Adam on f(w) = (w - 3)**2 (exercise 7.6).

    Args:
        module: the student's ``ex7_6_optimizers`` (``sgd``, ``adam``: final w after n steps).
        network: the student's ``neural_network`` (its ``Momentum`` class).
        w0: starting point.
        steps: number of steps shown.
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["7.6"].module)
    pick_net = Picker(network, BY_ID["mlp"].module)
    counts = range(steps + 1)

    def prefix_runs(module: Any, name: str, lr: float) -> FloatArray:
        # sgd/adam return only the final w, so run them once per prefix length.
        fn = getattr(module, name)
        ws = np.array([float(fn(w0, lr, n)) for n in counts])
        finite_array()(ws)
        return ws

    sgd = pick.run("sgd", lambda m: prefix_runs(m, "sgd", 0.1))
    adam = pick.run("adam", lambda m: prefix_runs(m, "adam", 0.2))
    momentum = pick_net.run(
        "Momentum",
        lambda m: run_optimizer(m.Momentum(lr=0.02, beta=0.9), [w0], quadratic_grad, steps)[:, 0],
    )
    fig = Figure(figsize=(9, 4.5), layout="constrained")
    ax = fig.subplots()
    ax.plot(counts, sgd, label="SGD, lr 0.1")
    ax.plot(counts, momentum, label="Momentum, lr 0.02, beta 0.9")
    ax.plot(counts, adam, label="Adam, lr 0.2")
    ax.axhline(3.0, color="0.5", linestyle="--", linewidth=1, label="minimum w = 3")
    if steps >= 50:
        ax.axvline(50, color="0.7", linestyle=":", linewidth=1)
        ax.annotate(f"Adam after 50 steps: {adam[50]:.3f}", (50, adam[50]), (58, 6.5),
                    arrowprops={"arrowstyle": "->", "color": "0.4"})  # fmt: skip
    ax.set_xlabel("step")
    ax.set_ylabel("w")
    ax.legend()
    label = f"SGD, Adam: {pick.label()}; Momentum: {pick_net.label()}"
    return _finish(fig, "Three optimizers on f(w) = (w - 3)²", label, path)


def optimizers_2d(network: object | None = None, steps: int = 60, path: PathLike = None) -> Figure:
    """SGD, Momentum and Adam trajectories on the bowl f(x, y) = (x² + 25 y²) / 2.

    The optimizers are the student's ``neural_network`` classes, driven through their
    ``step(params, grads)`` on a single parameter array [x, y].

    Args:
        network: the student's ``neural_network``; None draws the reference.
        steps: number of updates per optimizer.
        path: also save the figure there as a PNG.
    """
    pick = Picker(network, BY_ID["mlp"].module)
    curvature = np.array([1.0, 25.0])  # one direction 25 times steeper than the other

    def grad(p: FloatArray) -> FloatArray:
        return curvature * p

    start = [-4.5, 1.2]
    settings: list[tuple[str, str, dict[str, float]]] = [
        ("SGD", "SGD, lr 0.075", {"lr": 0.075}),
        ("Momentum", "Momentum, lr 0.01, beta 0.9", {"lr": 0.01, "beta": 0.9}),
        ("Adam", "Adam, lr 0.3", {"lr": 0.3}),
    ]
    fig = Figure(figsize=(12, 4.2), layout="constrained")
    axes = fig.subplots(1, 3, sharey=True)
    xs, ys = np.meshgrid(np.linspace(-5, 5, 201), np.linspace(-2, 2, 161))
    height = 0.5 * (xs**2 + 25.0 * ys**2)
    for ax, (name, title, kwargs) in zip(axes, settings, strict=True):
        trajectory = pick.run(
            name, functools.partial(_trajectory, name, kwargs, start, grad, steps)
        )
        ax.contour(xs, ys, height, levels=np.geomspace(0.05, 80, 14), colors="0.75",
                   linewidths=0.8)  # fmt: skip
        ax.plot(trajectory[:, 0], trajectory[:, 1], ".-", markersize=3, linewidth=1)
        ax.plot([0.0], [0.0], "k*", markersize=10)
        ax.set_xlim(-5, 5)
        ax.set_ylim(-2, 2)
        ax.set_title(f"{title}\nends at ({trajectory[-1, 0]:.2f}, {trajectory[-1, 1]:.2f})")
        ax.set_xlabel("x")
    axes[0].set_ylabel("y")
    return _finish(
        fig, f"{steps} steps on the narrow bowl f(x, y) = (x² + 25 y²) / 2", pick.label(), path
    )


def xor_boundary(
    network: object | None = None,
    snapshots: Sequence[int] = (0, 10, 30, 300),
    hidden: int = 8,
    lr: float = 0.05,
    path: PathLike = None,
) -> Figure:
    """The decision boundary of an MLP on XOR after a few numbers of Adam steps.

    Args:
        network: the student's ``neural_network`` (``xor_data``, ``MLP``, ``Adam``, ``train``).
        snapshots: increasing epoch counts at which to draw the boundary.
        hidden: hidden units of the [2, hidden, 1] tanh network.
        lr: Adam step size.
        path: also save the figure there as a PNG.
    """
    pick = Picker(network, BY_ID["mlp"].module)
    grid = np.linspace(-0.5, 1.5, 101)
    gx, gy = np.meshgrid(grid, grid)
    points = np.column_stack([gx.ravel(), gy.ravel()])

    def snapshots_of(m: Any) -> tuple[FloatArray, FloatArray, list[FloatArray], list[float]]:
        X, Y = m.xor_data()
        model = m.MLP([2, hidden, 1], activation="tanh", seed=0)
        optimizer = m.Adam(lr=lr)
        maps: list[FloatArray] = []
        losses: list[float] = []
        done = 0
        for epochs in snapshots:
            if epochs > done:
                m.train(model, X, Y, optimizer, epochs - done)
                done = epochs
            probability = np.asarray(model.forward(points), dtype=np.float64)
            finite_array((len(points), 1))(probability)
            maps.append(probability.reshape(gx.shape))
            losses.append(float(m.bce(Y, model.forward(X))))
        if len(snapshots) > 1 and not losses[-1] < losses[0]:
            raise Unusable("did not lower the loss during training")
        return np.asarray(X), np.asarray(Y), maps, losses

    X, Y, maps, losses = pick.run("MLP and train", snapshots_of)
    fig = Figure(figsize=(3.2 * len(snapshots), 3.6), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(snapshots), sharey=True))
    image = None
    for ax, epochs, probability, loss in zip(axes, snapshots, maps, losses, strict=True):
        image = ax.contourf(gx, gy, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r",
                            alpha=0.8)  # fmt: skip
        ax.contour(gx, gy, probability, levels=[0.5], colors="k", linewidths=1.5)
        ax.scatter(X[:, 0], X[:, 1], c=Y[:, 0], cmap="RdBu_r", edgecolors="k", s=80,
                   vmin=0, vmax=1)  # fmt: skip
        ax.set_title(f"after {epochs} steps\nloss {loss:.3g}")
        ax.set_aspect("equal")
    if image is not None:
        fig.colorbar(image, ax=list(axes), label="P(class 1)", shrink=0.8)
    return _finish(fig, "XOR: the decision boundary as training goes on", pick.label(), path)


def overfit_curve(
    module: object | None = None, epochs: int = 1000, path: PathLike = None
) -> Figure:
    """The loss history of the overfit test on XOR (week 18 ``overfit_test.overfit``).

    Args:
        module: the student's ``overfit_test``; None draws the reference.
        epochs: passed to ``overfit`` (a working network is far below 0.01 by then).
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["overfit"].module)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])

    def history_of(m: Any) -> tuple[FloatArray, float]:
        params, history = m.overfit(X, Y, epochs=epochs)
        losses = np.asarray(history, dtype=np.float64)
        finite_array()(losses)
        if losses.ndim != 1 or len(losses) < 2:
            raise Unusable(f"returned a history of shape {losses.shape}")
        # The final loss is recomputed with the reference's loss, never taken on trust.
        final = float(pick.reference.loss([np.asarray(p) for p in params], X, Y))
        return losses, final

    losses, final = pick.run("overfit", history_of)
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(np.arange(len(losses)), losses, label="training loss (mean BCE)")
    ax.axhline(0.01, color="tab:red", linestyle="--", label="target: 0.01")
    ax.axhline(np.log(2.0), color="0.6", linestyle=":", label="log 2: a network that guesses")
    ax.set_xlabel("epoch")
    ax.set_ylabel("loss (log scale)")
    verdict = "passes" if final < 0.01 else "fails"
    ax.set_title(f"final loss {final:.2e}: the overfit test {verdict}")
    ax.legend()
    return _finish(fig, "Overfit test: memorising XOR", pick.label(), path)


@functools.lru_cache(maxsize=1)
def _digits() -> tuple[np.ndarray, np.ndarray]:
    return load_mnist_5k()


EDGE_FILTERS: dict[str, FloatArray] = {
    # Each filter is a smoothed step: negative on one side, positive on the other.
    "vertical edge": np.outer([1, 2, 3, 2, 1], [-1, -2, 0, 2, 1]) / 27.0,
    "horizontal edge": np.outer([-1, -2, 0, 2, 1], [1, 2, 3, 2, 1]) / 27.0,
    "diagonal ↘": (np.add.outer(np.arange(5), -np.arange(5)) * -1.0) / 10.0,
    "diagonal ↗": (np.add.outer(np.arange(5), np.arange(5)) - 4.0) / 10.0,
}


def feature_maps(module: object | None = None, index: int = 1500, path: PathLike = None) -> Figure:
    """A real digit through four hand-made 5x5 edge filters, then 2x2 max pooling (week 19).

    Args:
        module: the student's ``cnn_forward`` (``conv2d_forward``, ``max_pool2d_forward``).
        index: which of the 5,000 bundled MNIST digits to use.
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["cnn-forward"].module)
    images, labels = _digits()
    x = images[index : index + 1].astype(np.float64)  # (1, 1, 28, 28)
    W = np.stack(list(EDGE_FILTERS.values()))[:, None]  # (4, 1, 5, 5)
    b = np.zeros(len(W))
    conv = pick.call("conv2d_forward", x, W, b, 1, 2, check=finite_array((1, len(W), 28, 28)))
    maps = np.maximum(np.asarray(conv), 0.0)
    pooled = np.asarray(
        pick.call("max_pool2d_forward", maps, 2, check=finite_array((1, len(W), 14, 14)))
    )
    fig = Figure(figsize=(11, 7.5), layout="constrained")
    axes = fig.subplots(3, len(W) + 1)
    axes[0, 0].imshow(x[0, 0], cmap="gray_r")
    axes[0, 0].set_title(f"digit {labels[index]} (28×28)")
    for ax in axes[1:, 0]:
        ax.set_visible(False)
    for j, (name, kernel) in enumerate(EDGE_FILTERS.items(), start=1):
        limit = float(np.abs(kernel).max())
        axes[0, j].imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
        axes[0, j].set_title(f"filter: {name}")
        axes[1, j].imshow(maps[0, j - 1], cmap="magma")
        axes[1, j].set_title("relu(conv), 28×28")
        axes[2, j].imshow(pooled[0, j - 1], cmap="magma")
        axes[2, j].set_title("max pool 2, 14×14")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    return _finish(fig, "Convolution and pooling on a real digit", pick.label(), path)


LENET_LAYERS = ("input", "conv1", "pool1", "conv2", "pool2", "flatten", "fc1", "fc2", "fc3")


def lenet_shape_table(
    module: object | None = None, n: int = 1, h: int = 28, w: int = 28, path: PathLike = None
) -> Figure:
    """LeNet's layer-by-layer output shapes as a table, the student's next to the reference.

    Args:
        module: the student's ``shape_quiz`` (``lenet_shapes``); None draws the reference.
        n, h, w: input batch size, height and width.
        path: also save the figure there as a PNG.
    """
    pick = Picker(module, BY_ID["shape-quiz"].module)

    def check(shapes: Any) -> None:
        if not isinstance(shapes, dict):
            raise Unusable(f"returned {type(shapes).__name__}, not a dict")
        for layer in LENET_LAYERS:
            shape = shapes.get(layer)
            if not isinstance(shape, tuple) or not all(isinstance(d, int) for d in shape):
                raise Unusable(f"has no tuple of ints for {layer!r}")

    shapes = pick.call("lenet_shapes", n, h, w, check=check)
    expected = pick.reference.lenet_shapes(n, h, w)
    yours = pick.used.get("lenet_shapes") == "yours"
    rows = []
    for layer in LENET_LAYERS:
        got, want = tuple(shapes[layer]), tuple(expected[layer])
        mark = ("✓" if got == want else "✗") if yours else "–"
        rows.append([layer, str(got), str(want), mark])
    fig = Figure(figsize=(7, 4.2), layout="constrained")
    ax = fig.subplots()
    ax.axis("off")
    table = ax.table(
        cellText=rows,
        colLabels=["layer", "your shape" if yours else "shape", "reference", "match"],
        loc="center",
        cellLoc="center",
    )
    table.scale(1.0, 1.5)
    for (row, _), cell in table.get_celld().items():
        if row == 0:
            cell.set_text_props(fontweight="bold")
        elif rows[row - 1][3] == "✗":
            cell.set_facecolor("#f8d0d0")
    return _finish(fig, f"LeNet shapes for an input of ({n}, 1, {h}, {w})", pick.label(), path)


def train_briefly(
    module: Any, n_train: int, n_test: int, epochs: int, seed: int, lr: float = 3e-3
) -> dict[str, list[float]]:
    """A short LeNet training run with ``module``'s LeNet and loops on bundled MNIST digits.

    Returns:
        the history of ``module.fit``: train_loss, test_loss and test_acc per epoch.
    """
    import torch

    images, labels = _digits()
    X_train, y_train, X_test, y_test = train_test_split(images, labels, 0.2, seed)
    train_loader, test_loader = module.make_loaders(
        X_train[:n_train], y_train[:n_train], X_test[:n_test], y_test[:n_test],
        batch_size=32, seed=seed,
    )  # fmt: skip
    # The initial weights come from torch's global generator: fork it so that the seed
    # makes this picture reproducible without changing the caller's random state.
    threads = torch.get_num_threads()
    try:
        # Batches of 32 small images are too small to share out: on a busy machine extra
        # threads mostly wait for each other (several times slower than one thread).
        torch.set_num_threads(1)
        with torch.random.fork_rng():
            torch.manual_seed(seed)
            model = module.LeNet()
            history: dict[str, list[float]] = module.fit(
                model, train_loader, test_loader, epochs, lr=lr
            )
    finally:
        torch.set_num_threads(threads)
    for key in ("train_loss", "test_loss", "test_acc"):
        values = np.asarray(history.get(key, []), dtype=np.float64)
        if values.shape != (epochs,):
            raise Unusable(f"gave a {key} history of shape {values.shape}")
        finite_array()(values)
    return history


def training_curves(
    module: object | None = None,
    history: dict[str, Sequence[float]] | None = None,
    n_train: int = 600,
    n_test: int = 300,
    epochs: int = 3,
    seed: int = 0,
    path: PathLike = None,
) -> Figure:
    """Training and test loss, and test accuracy, per epoch of a LeNet training (week 20).

    Args:
        module: the student's ``cnn_pytorch``; used for a short training run when no
            ``history`` is given (None: the reference's).
        history: ``{"train_loss": [...], "test_loss": [...], "test_acc": [...]}`` to plot
            as is, e.g. the return value of ``fit``.
        n_train, n_test: how many of the bundled digits to train and test on.
        epochs: passes over the training subset.
        seed: seeds the split, the batch order and the initial weights.
        path: also save the figure there as a PNG.
    """
    if history is not None:
        curves = {key: list(map(float, values)) for key, values in history.items()}
        label = "the history you passed"
    else:
        pick = Picker(module, BY_ID["cnn-train"].module)
        curves = pick.run(
            "LeNet and fit", lambda m: train_briefly(m, n_train, n_test, epochs, seed)
        )
        label = f"{pick.label()}; {n_train} training digits, {n_test} test digits"
    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    for key, style in (("train_loss", "o-"), ("test_loss", "s--")):
        if key in curves:
            values = curves[key]
            left.plot(range(1, len(values) + 1), values, style, label=key.replace("_", " "))
    left.set_xlabel("epoch")
    left.set_ylabel("cross-entropy")
    left.legend()
    accuracy = curves.get("test_acc", [])
    right.plot(range(1, len(accuracy) + 1), [100 * a for a in accuracy], "o-", color="tab:green")
    right.axhline(10.0, color="0.6", linestyle=":", label="guessing (10%)")
    right.set_ylim(0, 100)
    right.set_xlabel("epoch")
    right.set_ylabel("test accuracy (%)")
    right.legend()
    for ax in (left, right):
        ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish(fig, "Training LeNet", label, path)
