"""The training playground's logic, without Streamlit: data, torch training, student engine.

The student engine is exercised with the reference solution (markers stripped) written
into a temporary tree laid out like exercises/, and with broken variants of it made by
overriding one method at the end of the module.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import pytest

from grader.isolation.runner import Limits, StudentFailure
from interactive_labs.m07_deep_learning import playground as pg
from solutions.week18 import neural_network as ref
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers

REFERENCE = strip_markers((SOLUTIONS / pg.STUDENT_PATH).read_text(encoding="utf-8"))


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def student_tree(root: Path, extra: str = "", source: str = REFERENCE) -> Path:
    """A tree like exercises/ holding week18/neural_network.py = source + extra."""
    path = root / pg.STUDENT_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source + "\n\n" + extra, encoding="utf-8")
    return root


def test_data_sets_have_the_promised_shapes_labels_and_seeding() -> None:
    """Is every data set (n, 2) / (n, 1), balanced 0/1 labels, fixed by its seed?"""
    for name in pg.DATASETS:
        X, Y = pg.make_dataset(name, n=101, noise=0.1, seed=3)
        assert X.shape == (101, 2) and Y.shape == (101, 1)
        assert X.dtype == np.float64 and np.all(np.isfinite(X))
        assert set(np.unique(Y)) == {0.0, 1.0}
        assert abs(int(Y.sum()) - 50) <= 1, name
        X2, Y2 = pg.make_dataset(name, n=101, noise=0.1, seed=3)
        np.testing.assert_array_equal(X, X2)
        np.testing.assert_array_equal(Y, Y2)
        assert not np.array_equal(X, pg.make_dataset(name, n=101, noise=0.1, seed=4)[0])
    X, Y = pg.make_dataset("XOR", n=40, noise=0.0, seed=0)
    np.testing.assert_array_equal(Y[:, 0], X[:, 0] != X[:, 1])
    with pytest.raises(ValueError, match="unknown data set"):
        pg.make_dataset("checkerboard")


def test_batches_cover_every_point_once_and_full_batch_keeps_the_order() -> None:
    """Does each epoch's mini-batch split cover range(n) once, seeded by (seed, epoch)?"""
    batches = pg.batch_indices(50, 16, seed=1, epoch=2)
    assert [len(b) for b in batches] == [16, 16, 16, 2]
    np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(50))
    again = pg.batch_indices(50, 16, seed=1, epoch=2)
    assert all(np.array_equal(a, b) for a, b in zip(batches, again, strict=True))
    assert not np.array_equal(batches[0], pg.batch_indices(50, 16, seed=1, epoch=3)[0])
    (full,) = pg.batch_indices(50, 0, seed=1, epoch=2)
    np.testing.assert_array_equal(full, np.arange(50))


def test_initial_weights_are_those_of_the_week18_mlp() -> None:
    """Does the playground start from the weights week 18's MLP(sizes, seed=s) draws?"""
    sizes = [2, 8, 8, 1]
    ours = pg.init_params(sizes, seed=7)
    theirs = ref.MLP(sizes, activation="tanh", seed=7).params
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_torch_mlp_solves_xor_below_0_01_within_seconds() -> None:
    """With the defaults (XOR, tanh, 2 x 8, Adam 0.05, full batch), is loss < 0.01 fast?"""
    lab = pg.Playground(pg.Config())
    assert lab.config.layer_sizes == [2, 8, 8, 1]
    start = time.perf_counter()
    while lab.epoch < 1000 and (lab.epoch == 0 or lab.history.loss[-1] >= 0.01):
        lab.train(until=1000, budget_s=0.2, max_epochs=10)
    assert lab.history.loss[-1] < 0.01, lab.history.loss[-5:]
    assert time.perf_counter() - start < 5.0
    assert lab.history.accuracy[-1] == 1.0
    assert lab.loss_now() < 0.01


def test_torch_forward_matches_the_reference_forward() -> None:
    """Is TorchMLP the week 18 network (same params, same P) for every activation?"""
    X, _ = pg.make_dataset("two moons", n=30, seed=0)
    for activation in pg.ACTIVATIONS:
        params = pg.init_params([2, 5, 3, 1], seed=1)
        engine = pg.TorchEngine(pg.Config(activation=activation), params)
        model = ref.MLP([2, 5, 3, 1], activation=activation)
        model.params = params
        np.testing.assert_allclose(engine.predict(X), model.forward(X), rtol=1e-12, atol=1e-14)


def test_gradient_norms_per_layer_match_backprop_and_vanish_with_sigmoid() -> None:
    """Are ||dW|| per layer those of the reference backward, and tiny low in a sigmoid net?"""
    X, Y = pg.make_dataset("two moons", n=200, seed=0)
    for activation in pg.ACTIVATIONS:
        config = pg.Config(hidden_layers=5, width=16, activation=activation, optimizer="SGD")
        params = pg.init_params(config.layer_sizes, config.seed)
        result = pg.TorchEngine(config, params).step(X, Y)
        model = ref.MLP(config.layer_sizes, activation=activation)
        model.params = [p.copy() for p in params]
        model.forward(X)
        want = [np.linalg.norm(g) for g in model.backward(Y)[0::2]]
        np.testing.assert_allclose(result.grad_norms, want, rtol=1e-9)
        ratio = result.grad_norms[0] / result.grad_norms[-1]
        if activation == "sigmoid":
            assert ratio < 0.01, result.grad_norms
        else:
            assert ratio > 0.1, result.grad_norms


@pytest.mark.parametrize(
    ("optimizer", "lr", "batch_size"),
    [("SGD", 0.5, 0), ("Adam", 0.05, 0), ("Momentum", 0.1, 0), ("Adam", 0.02, 32)],
)
def test_reference_student_mlp_follows_autograd_to_1e_6(
    tmp_path: Path, optimizer: str, lr: float, batch_size: int
) -> None:
    """Does the reference week 18 MLP, run in a worker, reproduce torch's loss curve?"""
    root = student_tree(tmp_path)
    config = pg.Config("two moons", optimizer=optimizer, lr=lr, batch_size=batch_size)
    lab = pg.Playground(config)
    lab.set_student(root)
    try:
        assert lab.student is not None and lab.student.problem is None
        while not lab.finished(60):
            lab.train(until=60, budget_s=5.0)
        theirs = lab.student.history
        assert lab.epoch == theirs.epochs == 60
        np.testing.assert_allclose(theirs.loss, lab.history.loss, rtol=0, atol=1e-6)
        np.testing.assert_allclose(theirs.accuracy, lab.history.accuracy, atol=1e-12)
        np.testing.assert_allclose(theirs.grad_norms, lab.history.grad_norms, rtol=1e-6)
        assert lab.history.loss[-1] < lab.history.loss[0]
        gap = lab.loss_gap()
        assert gap is not None and gap < 1e-6
        panels = lab.boundaries(pg.make_grid(lab.X, steps=20))
        assert len(panels) == 2
        np.testing.assert_allclose(panels[1][1], panels[0][1], atol=1e-6)
    finally:
        lab.close()


def test_a_wrong_backward_shows_where_the_curves_part(tmp_path: Path) -> None:
    """Does a backward off by a factor 2 train, and part from torch at epoch 2 (SGD)?"""
    doubled = (
        "_reference_backward = MLP.backward\n"
        "MLP.backward = lambda self, Y: [2.0 * g for g in _reference_backward(self, Y)]\n"
    )
    lab = pg.Playground(pg.Config(optimizer="SGD", lr=0.5))
    lab.set_student(student_tree(tmp_path, doubled))
    try:
        while not lab.finished(10):
            lab.train(until=10, budget_s=5.0)
        assert lab.student is not None and lab.student.problem is None
        assert lab.first_disagreement(1e-6) == 2
        gap = lab.loss_gap()
        assert gap is not None and gap > 1e-3
    finally:
        lab.close()


OVERRIDE_BACKWARD = "def _backward(self, Y):\n{body}\n\nMLP.backward = _backward\n"
BROKEN = {
    "not implemented": (
        OVERRIDE_BACKWARD.format(body="    raise NotImplementedError('backward')"),
        "Your MLP.backward is not implemented yet: fill it in {file}, then `grade mlp`.",
    ),
    "exception": (
        OVERRIDE_BACKWARD.format(body="    return self.params[0] @ np.ones((3, 3))"),
        "Your MLP.backward raised ValueError: matmul",
    ),
    "wrong shapes": (
        OVERRIDE_BACKWARD.format(body="    return [np.zeros(p.shape[::-1]) for p in self.params]"),
        "Your MLP.backward returned an array of shape (8, 2) as dW1; expected the shape of "
        "W1, (2, 8): fix it in {file}, then `grade mlp`.",
    ),
    "wrong count": (
        OVERRIDE_BACKWARD.format(body="    return [np.zeros(1)]"),
        "Your MLP.backward returned 1 items; expected a list of 6 gradients",
    ),
    "endless loop": (
        "def _forward(self, X):\n    while True:\n        pass\n\nMLP.forward = _forward\n",
        "Your MLP.forward did not finish within 1 s (an endless loop?)",
    ),
    "not in place": (
        "def _step(self, params, grads):\n    params = [p - self.lr * g "
        "for p, g in zip(params, grads)]\n\nAdam.step = _step\n",
        "Your Adam.step left model.params unchanged: update each array in place",
    ),
    "syntax error": ("def broken(:\n", "{file} does not import (SyntaxError"),
    "exit on import": ("raise SystemExit(3)\n", "{file} does not import (exited during import"),
    "missing class": ("del Adam\n", "defines no `Adam`: write it in {file}, then `grade mlp`."),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_student_code_gets_a_one_line_message_and_torch_goes_on(
    tmp_path: Path, case: str
) -> None:
    """Does broken student code name the function and the file, never a traceback?"""
    extra, expected = BROKEN[case]
    root = student_tree(tmp_path, extra)
    lab = pg.Playground(pg.Config(), limits=Limits(timeout=1.0))
    lab.set_student(root)
    try:
        lab.train(until=5, budget_s=5.0)
        assert lab.student is not None
        problem = lab.student.problem
        assert problem is not None
        assert expected.format(file=str(root.resolve() / pg.STUDENT_PATH)) in problem
        assert "Traceback" not in problem and "\n" not in problem
        assert lab.student.engine is None  # the worker is stopped after a failure
        while lab.epoch < 5:
            lab.train(until=5, budget_s=5.0)
        assert lab.finished(5)
    finally:
        lab.close()


@pytest.mark.parametrize(
    ("failure", "what", "expected"),
    [
        (
            StudentFailure("not_implemented", "NotImplementedError: backward", "w.py:9"),
            "MLP.backward",
            "Your MLP.backward is not implemented yet: fill it in F, then `grade mlp`.",
        ),
        (
            StudentFailure("error", "ValueError: bad", "week18/neural_network.py:3"),
            "Adam.step",
            "Your Adam.step raised ValueError: bad (week18/neural_network.py:3): fix it in F, "
            "then `grade mlp`.",
        ),
        (
            StudentFailure("timeout", "timed out after 5 s", fatal=True),
            "MLP.forward",
            "Your MLP.forward did not finish within 5 s (an endless loop?): fix it in F, "
            "then `grade mlp`.",
        ),
        (
            StudentFailure("memory", "ran out of memory (limit 2 GiB)"),
            "MLP.forward",
            "Your MLP.forward failed: ran out of memory (limit 2 GiB). Fix it in F, then "
            "`grade mlp`.",
        ),
        (
            StudentFailure("died", "exited with status 1", fatal=True),
            pg.LOADING,
            "F could not be loaded (exited with status 1): fix it, then `grade mlp`.",
        ),
        (
            StudentFailure("import", "missing module week18/neural_network.py", fatal=True),
            pg.LOADING,
            "There is no F to train: write your week 18 MLP there, then `grade mlp`.",
        ),
    ],
)
def test_each_kind_of_failure_reads_as_one_instruction(
    failure: StudentFailure, what: str, expected: str
) -> None:
    """Does every failure the worker reports become one sentence naming what to fix?"""
    assert pg.friendly_message(failure, what, "F", timeout=5.0) == expected


def test_the_workbook_student_file_is_named_relative_to_the_workbook() -> None:
    """Does the page name the default student file as the student sees it in the workbook?"""
    assert pg.student_file_label(pg.DEFAULT_STUDENT_ROOT) == "exercises/week18/neural_network.py"


def test_missing_student_module_is_reported(tmp_path: Path) -> None:
    """Does an empty exercises folder say where to write the MLP?"""
    lab = pg.Playground(pg.Config())
    lab.set_student(tmp_path)
    assert lab.student is not None and lab.student.problem is not None
    assert lab.student.problem.startswith("There is no ")
    lab.close()


def test_a_fixed_file_restarts_the_student_engine_which_catches_up(tmp_path: Path) -> None:
    """After the student fixes their file (new mtime), does their engine restart and agree?"""
    path = student_tree(tmp_path, BROKEN["not implemented"][0]) / pg.STUDENT_PATH
    lab = pg.Playground(pg.Config())
    lab.set_student(tmp_path)
    try:
        lab.train(until=20, budget_s=5.0)
        assert lab.student is not None and lab.student.problem is not None
        worker_before = lab.student
        student_tree(tmp_path)
        later = path.stat().st_mtime + 1.0
        os.utime(path, (later, later))
        lab.refresh_student()  # the page does this on every run
        while not lab.finished(20):
            lab.train(until=20, budget_s=5.0)
        assert lab.student is not worker_before and lab.student.problem is None
        np.testing.assert_allclose(lab.student.history.loss, lab.history.loss, atol=1e-6)
    finally:
        lab.close()


def test_close_stops_the_worker_process(tmp_path: Path) -> None:
    """Does closing a run (the page's Reset) kill the student's worker?"""
    lab = pg.Playground(pg.Config())
    lab.set_student(student_tree(tmp_path))
    assert lab.student is not None and lab.student.engine is not None
    process = lab.student.engine.worker.process
    assert process is not None and process.poll() is None
    lab.close()
    assert process.poll() is not None and lab.student is None


def test_figures_render_to_png(tmp_path: Path) -> None:
    """Do the boundary (one panel per engine) and curve figures render?"""
    lab = pg.Playground(pg.Config(dataset="spirals", batch_size=16))
    lab.train(until=3, budget_s=5.0)
    grid = pg.make_grid(lab.X, steps=30)
    panels = lab.boundaries(grid) * 2
    figure = pg.boundary_figure(lab.X, lab.Y, grid, panels)
    assert len(figure.axes) == 2
    png = pg.figure_png(figure)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    curves = pg.curves_figure(lab.history, lab.history)
    assert len(curves.axes) == 3
    assert len(curves.axes[2].get_lines()) == lab.config.hidden_layers + 1
    assert pg.figure_png(curves).startswith(b"\x89PNG")
