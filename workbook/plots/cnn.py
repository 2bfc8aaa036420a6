"""Weeks 19 and 20's pictures: a real digit through edge filters and pooling, LeNet's
layer-by-layer shapes, and LeNet's training curves.

Also owns the bundled MNIST digits they draw (:func:`_digits`, loaded once) and
:func:`train_briefly`, the short LeNet training run behind :func:`training_curves`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from grader.registry import BY_ID
from workbook.data import load_mnist_5k, train_test_split
from workbook.plots.picker import FloatArray, PathLike, Picker, Unusable, _finish, finite_array


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
