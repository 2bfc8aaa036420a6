"""The figures: decision boundaries over a grid and the training curves, as matplotlib
`Figure`s made directly (no pyplot state), and their PNG bytes for the page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from interactive_labs.m07_deep_learning.network import FloatArray
from interactive_labs.m07_deep_learning.training import History


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
