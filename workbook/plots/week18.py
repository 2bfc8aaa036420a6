"""Week 18's pictures: SGD, Momentum and Adam in one and two dimensions (7.6 and the MLP's
optimizer classes), the MLP's decision boundary on XOR, and the overfit test's loss history.

Also owns :func:`run_optimizer`, which drives an optimizer object's ``step`` along a path.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from grader.registry import BY_ID
from workbook.plots.picker import FloatArray, PathLike, Picker, Unusable, _finish, finite_array


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
