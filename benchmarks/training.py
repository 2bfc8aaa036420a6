"""Time to accuracy of the reference PyTorch LeNet (solutions/week20/cnn_pytorch.py).

The recipe is scripts/train_cnn_pytorch.py's defaults: Adam from lr 2e-3 with a cosine decay
over the epochs, batch size 32, one torch thread, seed 0, deterministic kernels; the test set
is evaluated after every epoch and the clock (training + evaluation, not data loading) is
read then.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from common import load

FASHION = Path("/usr/share/datasets/fashion-mnist")


def train(data: tuple[Any, ...], epochs: int, stop_at: float | None = None) -> dict[str, Any]:
    import torch

    from solutions.week20 import cnn_pytorch as module

    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(0)
    X_train, y_train, X_test, y_test = data
    model = module.LeNet()
    train_loader, test_loader = module.make_loaders(
        X_train, y_train, X_test, y_test, batch_size=32, seed=0
    )
    curve: list[dict[str, float]] = []
    start = time.perf_counter()

    class Reached(Exception):
        pass

    def on_epoch(epoch: int, metrics: dict[str, float]) -> None:
        seconds = time.perf_counter() - start
        curve.append({"epoch": epoch, "seconds": seconds, "test_acc": metrics["test_acc"]})
        print(f"  epoch {epoch}: {metrics['test_acc']:.2%} at {seconds:.1f} s", flush=True)
        if stop_at is not None and metrics["test_acc"] >= stop_at:
            raise Reached

    try:
        module.fit(model, train_loader, test_loader, epochs=epochs, lr=2e-3, on_epoch=on_epoch)
    except Reached:
        pass
    return {
        "epochs": epochs,
        "n_train": len(X_train),
        "n_test": len(X_test),
        "curve": curve,
        "best_acc": max(point["test_acc"] for point in curve),
    }


def first_reaching(curve: list[dict[str, float]], accuracy: float) -> dict[str, float] | None:
    return next((point for point in curve if point["test_acc"] >= accuracy), None)


def run(epochs: int, fashion_epochs: int, quick: bool) -> dict[str, Any]:
    from workbook.data import load_idx, load_mnist_5k, train_test_split

    result: dict[str, Any] = {}
    start = load()
    X, y = load_mnist_5k()
    data = train_test_split(X, y, test_fraction=0.2, seed=0)
    mnist = train(data, epochs, stop_at=0.97 if quick else None)
    mnist["to_97"] = first_reaching(mnist["curve"], 0.97)
    mnist["to_96"] = first_reaching(mnist["curve"], 0.96)
    mnist["load_start"], mnist["load_end"] = start, load()
    result["mnist_5k"] = mnist
    if fashion_epochs and FASHION.is_dir():
        start = load()
        fashion = train(load_idx(FASHION, name="fashion-mnist"), fashion_epochs)
        fashion["load_start"], fashion["load_end"] = start, load()
        result["fashion"] = fashion
    else:
        result["fashion"] = {"skipped": f"{FASHION} not present" if fashion_epochs else "--quick"}
    return result
