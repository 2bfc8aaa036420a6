"""Week 17's pictures: activations and their derivatives (7.1), softmax as the logits are
scaled up (7.3), and the perceptron on four logic gates."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from grader.registry import BY_ID
from workbook.plots.picker import FloatArray, PathLike, Picker, Unusable, _finish, finite_array


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
