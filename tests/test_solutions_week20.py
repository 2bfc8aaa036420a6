"""Week 20 reference solution (LeNet in PyTorch) and the training script."""

from __future__ import annotations

import copy
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

from solutions.week20.cnn_pytorch import LeNet, evaluate, fit, make_loaders, train_one_epoch
from workbook.data import load_mnist_5k, train_test_split
from workbook.regions import find_regions, stub_source

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "train_cnn_pytorch.py"
LAST_LINE = re.compile(r"^test accuracy: \d{1,3}\.\d%$")


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(autouse=True)
def _local_torch_rng() -> Iterator[None]:
    """Every test may seed torch; the global generator is restored afterwards."""
    with torch.random.fork_rng():
        torch.manual_seed(0)
        yield


@pytest.fixture(scope="module")
def digits() -> tuple[np.ndarray, np.ndarray]:
    """600 real digits, shuffled (the file is sorted by label)."""
    X, y = load_mnist_5k()
    order = np.random.default_rng(0).permutation(len(X))[:600]
    return X[order], y[order]


def loader(X: np.ndarray, y: np.ndarray, batch_size: int) -> DataLoader[tuple[torch.Tensor, ...]]:
    return DataLoader(TensorDataset(torch.from_numpy(X), torch.from_numpy(y)), batch_size)


def test_lenet_maps_a_batch_to_logits_and_names_parameters_like_week19() -> None:
    """Does LeNet give (n, num_classes) logits, with exactly the parameter names and shapes
    that week 19's lenet_forward reads?"""
    model = LeNet()
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10)
    assert LeNet(num_classes=7)(torch.zeros(2, 1, 28, 28)).shape == (2, 7)
    shapes = {name: tuple(p.shape) for name, p in model.state_dict().items()}
    assert shapes == {
        "conv1.weight": (6, 1, 5, 5),
        "conv1.bias": (6,),
        "conv2.weight": (16, 6, 5, 5),
        "conv2.bias": (16,),
        "fc1.weight": (120, 400),
        "fc1.bias": (120,),
        "fc2.weight": (84, 120),
        "fc2.bias": (84,),
        "fc3.weight": (10, 84),
        "fc3.bias": (10,),
    }


def test_evaluate_counts_correct_predictions_and_averages_loss_per_sample(
    digits: tuple[np.ndarray, np.ndarray],
) -> None:
    """With a last batch smaller than the others (50 = 7 * 7 + 1), is the accuracy the plain
    count of correct argmaxes and the loss the mean over samples, not over batches?"""
    X, y = digits[0][:50], digits[1][:50]
    model = LeNet()
    with torch.no_grad():
        logits = model(torch.from_numpy(X))
    expected_loss = F.cross_entropy(logits, torch.from_numpy(y)).item()
    expected_acc = int(np.sum(logits.argmax(dim=1).numpy() == y)) / len(y)
    loss, acc = evaluate(model, loader(X, y, batch_size=7))
    assert acc == expected_acc
    assert loss == pytest.approx(expected_loss, rel=1e-6)
    assert not model.training
    assert all(p.grad is None for p in model.parameters())


def test_train_one_epoch_reports_the_per_sample_mean_loss(
    digits: tuple[np.ndarray, np.ndarray],
) -> None:
    """With a learning rate of 0 the weights never move, so the reported epoch loss must equal
    the loss of the whole set at once, even with uneven batches."""
    X, y = digits[0][:50], digits[1][:50]
    model = LeNet()
    with torch.no_grad():
        expected = F.cross_entropy(model(torch.from_numpy(X)), torch.from_numpy(y)).item()
    got = train_one_epoch(model, loader(X, y, 7), torch.optim.SGD(model.parameters(), lr=0.0))
    assert got == pytest.approx(expected, rel=1e-6)
    assert model.training


def test_train_one_epoch_takes_one_fresh_gradient_step_per_batch(
    digits: tuple[np.ndarray, np.ndarray],
) -> None:
    """Are the weights after an epoch those of a hand-written SGD loop that zeroes the
    gradients before every batch?"""
    X, y = digits[0][:40], digits[1][:40]
    model = LeNet()
    twin = copy.deepcopy(model)
    train_one_epoch(model, loader(X, y, 8), torch.optim.SGD(model.parameters(), lr=0.1))
    for start in range(0, 40, 8):
        twin.zero_grad()
        xb, yb = torch.from_numpy(X[start : start + 8]), torch.from_numpy(y[start : start + 8])
        F.cross_entropy(twin(xb), yb).backward()  # type: ignore[no-untyped-call]
        with torch.no_grad():
            for p in twin.parameters():
                assert p.grad is not None
                p.sub_(0.1 * p.grad)
    expected_state = twin.state_dict()
    for name, got in model.state_dict().items():
        torch.testing.assert_close(got, expected_state[name], rtol=1e-5, atol=1e-6, msg=name)


def test_fit_lowers_the_training_loss_and_reports_every_epoch(
    digits: tuple[np.ndarray, np.ndarray],
) -> None:
    """Two epochs on 480 digits: does the training loss go down, and does fit record and
    report each epoch?"""
    X, y = digits
    X_train, y_train, X_test, y_test = X[:480], y[:480], X[480:], y[480:]
    train_loader, test_loader = make_loaders(X_train, y_train, X_test, y_test, batch_size=32)
    calls: list[int] = []
    history = fit(
        LeNet(), train_loader, test_loader, epochs=2, on_epoch=lambda e, m: calls.append(e)
    )
    assert calls == [1, 2]
    assert set(history) == {"train_loss", "test_loss", "test_acc"}
    assert all(len(v) == 2 for v in history.values())
    assert history["train_loss"][1] < history["train_loss"][0]
    assert 0.0 <= history["test_acc"][1] <= 1.0


def test_make_loaders_shuffles_reproducibly_from_its_seed(
    digits: tuple[np.ndarray, np.ndarray],
) -> None:
    X, y = digits
    first = [next(iter(make_loaders(X, y, X, y, seed=s)[0]))[1] for s in (5, 5, 6)]
    assert torch.equal(first[0], first[1])
    assert not torch.equal(first[0], first[2])
    test_batch = next(iter(make_loaders(X, y, X, y)[1]))
    assert test_batch[0].dtype == torch.float32 and test_batch[1].dtype == torch.int64
    assert torch.equal(test_batch[1], torch.from_numpy(y))  # the test loader keeps the order


def test_default_split_is_fixed_and_covers_all_digits() -> None:
    """The script's 4,000 / 1,000 split: always the same, disjoint, every digit in both."""
    X, y = load_mnist_5k()
    a = train_test_split(X, y, test_fraction=0.2, seed=0)
    b = train_test_split(X, y, test_fraction=0.2, seed=0)
    assert len(a[0]) == 4000 and len(a[2]) == 1000
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert set(a[1]) == set(a[3]) == set(range(10))


# The training script, run as a student would run it.


def run_script(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.slow
def test_script_trains_saves_outputs_and_repeats_itself_exactly(tmp_path: Path) -> None:
    """Two short runs with the same seed (run side by side): does each write a checkpoint and a
    PNG, end with the accuracy line, and do both get identical weights?"""
    runs = [
        run_script("--reference", "--epochs", "1", "--limit", "500", "--seed", "3",
                   "--out", str(tmp_path / name))
        for name in ("a", "b")
    ]  # fmt: skip
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert LAST_LINE.match(stdout.strip().splitlines()[-1]), stdout
        assert "epoch  1/1" in stdout
    assert outputs[0][0].splitlines()[-1] == outputs[1][0].splitlines()[-1]
    for name in ("a", "b"):
        assert (tmp_path / name / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    state_a = torch.load(tmp_path / "a" / "lenet.pt")
    state_b = torch.load(tmp_path / "b" / "lenet.pt")
    assert list(state_a) == list(LeNet().state_dict())
    for key in state_a:
        assert torch.equal(state_a[key], state_b[key]), key


def fake_exercises(root: Path, source: str) -> dict[str, str]:
    """A stand-in ``exercises`` package under ``root`` holding ``source`` as
    week20/cnn_pytorch.py; the returned PYTHONPATH makes it win over the real one."""
    (root / "exercises" / "week20").mkdir(parents=True)
    (root / "exercises" / "__init__.py").write_text("")
    (root / "exercises" / "week20" / "__init__.py").write_text("")
    (root / "exercises" / "week20" / "cnn_pytorch.py").write_text(source)
    return {"PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}


def stub_except(source: str, unfinished: str) -> str:
    """The generated stub with only the function ``unfinished`` left to write."""
    lines = source.splitlines()
    for region in find_regions(source):
        if region.function != unfinished:
            lines[region.begin - 1] = lines[region.end - 1] = ""  # drop the markers, keep code
    return stub_source("\n".join(lines) + "\n")


@pytest.mark.slow
def test_script_explains_unfinished_student_code_in_one_line(tmp_path: Path) -> None:
    """Without --reference the script trains exercises/week20/cnn_pytorch.py. Whether nothing
    is written yet (LeNet fails first) or only train_one_epoch is missing (it fails once
    training starts), the run must end with one line naming the function, not a traceback."""
    source = (REPO / "solutions" / "week20" / "cnn_pytorch.py").read_text()
    cases = {"LeNet.__init__": stub_source(source)}
    cases["train_one_epoch"] = stub_except(source, "train_one_epoch")
    runs = {
        name: run_script(
            "--epochs", "1", "--limit", "100", "--out", str(tmp_path / "out"),
            env=fake_exercises(tmp_path / name, stub),
        )
        for name, stub in cases.items()
    }  # fmt: skip
    for name, run in runs.items():
        stdout, stderr = run.communicate(timeout=120)
        assert run.returncode == 1, stderr
        errors = [line for line in stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and f"`{name}`" in errors[0] and "--reference" in errors[0]
        assert "Traceback" not in stderr


def test_script_explains_a_missing_student_module(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No exercises file yet: one line pointing at the generator and at --reference."""
    spec = importlib.util.spec_from_file_location("train_cnn_pytorch", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(script, "STUDENT_MODULE", "exercises.week99.cnn_pytorch")
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")  # main() would set it for good
    monkeypatch.setattr(sys, "path", list(sys.path))  # main() may append the repository
    assert script.main(["--epochs", "1"]) == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and "not found" in stderr and "--reference" in stderr
