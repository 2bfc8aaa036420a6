"""The notebook pictures: drawn from the student's code when it works, from the reference when
it doesn't, always saying which, and always a real PNG."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import numpy as np
import pytest
from matplotlib.figure import Figure

from grader.registry import EXERCISES
from workbook import plots
from workbook.paths import SOLUTIONS
from workbook.regions import stub_source

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# picture name -> (the modules it takes, how to call it with them)
PICTURES: dict[str, tuple[tuple[str, ...], Callable[..., Figure]]] = {
    "activations": (("week17.ex7_1_activations",), plots.activations),
    "softmax_temperature": (("week17.ex7_3_softmax",), plots.softmax_temperature),
    "optimizers_1d": (("week18.ex7_6_optimizers", "week18.neural_network"), plots.optimizers_1d),
    "optimizers_2d": (("week18.neural_network",), plots.optimizers_2d),
    "xor_boundary": (("week18.neural_network",), plots.xor_boundary),
    "overfit_curve": (("week18.overfit_test",), plots.overfit_curve),
    "feature_maps": (("week19.cnn_forward",), plots.feature_maps),
    "lenet_shape_table": (("week19.shape_quiz",), plots.lenet_shape_table),
    "training_curves": (
        ("week20.cnn_pytorch",),
        lambda module, path: plots.training_curves(
            module, n_train=64, n_test=32, epochs=2, path=path
        ),
    ),
}


def stub_module(module: str, folder: Path) -> ModuleType:
    """Import the generated stub of ``solutions/<module>`` from a file under ``folder``."""
    source = (SOLUTIONS / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    path = folder / (module.replace(".", "_") + ".py")
    path.write_text(stub_source(source), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"stub_{module.replace('.', '_')}", path)
    assert spec is not None and spec.loader is not None
    loaded = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(loaded)
    return loaded


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), f"{path.name} is not a PNG"
    assert len(data) > 10_000, f"{path.name} is only {len(data)} bytes"


def title(fig: Figure) -> str:
    return " ".join(fig.get_suptitle().split())


def test_every_notebook_picture_is_a_name_of_the_package() -> None:
    """Does `from workbook import plots` still give every function a notebook cell calls, and
    every name the package lists in `__all__`?"""
    called = {picture.code.split("(")[0].removeprefix("plots.") for spec in EXERCISES
              for picture in spec.pictures}  # fmt: skip
    assert called and called <= set(plots.__all__)
    assert all(hasattr(plots, name) for name in plots.__all__)


@pytest.mark.parametrize("name", PICTURES)
def test_picture_with_the_reference_is_a_png_drawn_with_your_code(
    name: str, tmp_path: Path
) -> None:
    """Given working code, is the picture saved as a PNG and titled as the student's own?"""
    modules, draw = PICTURES[name]
    path = tmp_path / f"{name}.png"
    fig = draw(*[importlib.import_module(f"solutions.{m}") for m in modules], path=path)
    assert_png(path)
    assert "drawn with your code" in title(fig)
    assert "reference" not in title(fig)


@pytest.mark.parametrize("name", PICTURES)
def test_picture_with_the_stubs_falls_back_and_says_so(name: str, tmp_path: Path) -> None:
    """Given untouched stubs, is the picture still drawn, and does its title say it is the
    reference and that the student's code is not implemented yet?"""
    modules, draw = PICTURES[name]
    path = tmp_path / f"{name}.png"
    fig = draw(*[stub_module(m, tmp_path) for m in modules], path=path)
    assert_png(path)
    assert "reference solution" in title(fig) and "not implemented yet" in title(fig)


def test_without_a_module_the_reference_draws() -> None:
    """Called with no module at all, does a picture say it is the reference's?"""
    assert title(plots.lenet_shape_table()).endswith("(drawn with the reference solution)")


def test_a_half_done_module_mixes_and_names_the_missing_parts() -> None:
    """With sigmoid written but ReLU missing, does the picture use the student's sigmoid and
    say which functions came from the reference?"""
    reference = importlib.import_module("solutions.week17.ex7_1_activations")

    def missing(*args: Any) -> Any:
        raise NotImplementedError("relu")

    half = SimpleNamespace(
        sigmoid=reference.sigmoid,
        sigmoid_deriv=reference.sigmoid_deriv,
        num_derivative=reference.num_derivative,
        relu=missing,
        relu_deriv=missing,
    )
    text = title(plots.activations(half))
    assert text.startswith("Activations and their derivatives (your code, with the reference")
    assert "`relu`" in text and "`sigmoid`" not in text


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        (lambda z, axis=-1: np.full(np.shape(z), np.nan), "returned nan or inf"),
        (lambda z, axis=-1: np.ones((2, 2)), "returned shape (2, 2)"),
        (lambda z, axis=-1: np.asarray(z) * 0.5, "do not sum to 1"),
        (lambda z, axis=-1: 1 / 0, "raised ZeroDivisionError"),
    ],
)
def test_garbage_or_errors_fall_back_with_the_reason(broken: Any, reason: str) -> None:
    """Does a softmax that returns nan, the wrong shape or non-probabilities, or crashes, get
    replaced by the reference, with the reason in the title?"""
    text = title(plots.softmax_temperature(SimpleNamespace(softmax=broken)))
    assert "drawn with the reference solution" in text and reason in text


def test_an_optimizer_that_does_not_update_in_place_falls_back() -> None:
    """An SGD whose step rebinds `p = p - lr * g` leaves the parameters unchanged: is it
    caught, and the other two optimizers still drawn from the student's classes?"""
    reference = importlib.import_module("solutions.week18.neural_network")

    class RebindingSGD:
        def __init__(self, lr: float) -> None:
            self.lr = lr

        def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
            for p, g in zip(params, grads, strict=True):
                p = p - self.lr * g  # noqa: F841 - the bug under test

    student = SimpleNamespace(SGD=RebindingSGD, Momentum=reference.Momentum, Adam=reference.Adam)
    text = title(plots.optimizers_2d(student))
    assert "your code, with the reference for `SGD`" in text
    assert "did not change the parameters" in text


def test_training_curves_plot_a_given_history_and_leave_torch_state_alone(
    tmp_path: Path,
) -> None:
    """Does a history dict plot without training, and does a short training run leave torch's
    global random state and thread count as it found them?"""
    import torch

    history = {
        "train_loss": [2.0, 1.0, 0.5],
        "test_loss": [2.1, 1.2, 0.7],
        "test_acc": [0.3, 0.7, 0.9],
    }
    path = tmp_path / "given.png"
    fig = plots.training_curves(history=history, path=path)
    assert_png(path)
    assert "the history you passed" in title(fig)

    state, threads = torch.get_rng_state(), torch.get_num_threads()
    plots.training_curves(n_train=32, n_test=16, epochs=1)
    assert torch.equal(torch.get_rng_state(), state)
    assert torch.get_num_threads() == threads
