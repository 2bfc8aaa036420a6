"""The playground page, driven headlessly by Streamlit's AppTest: controls, training, student.

AppTest runs the page's script in this process. `Step` trains one chunk per script run;
`Start` keeps the script rerunning itself (`st.rerun`) until the epochs are done, which
AppTest follows within one `run()`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

from interactive_labs.m07_deep_learning import playground as pg
from workbook.paths import ROOT, SOLUTIONS
from workbook.regions import strip_markers

APP = ROOT / "interactive_labs" / "m07_deep_learning" / "pytorch_training_playground_app.py"
REFERENCE = strip_markers((SOLUTIONS / pg.STUDENT_PATH).read_text(encoding="utf-8"))
NO_BACKWARD = "def _backward(self, Y):\n    raise NotImplementedError\n\nMLP.backward = _backward\n"


@pytest.fixture(autouse=True, scope="module")
def keep_torch_threads() -> Iterator[None]:
    """The page sets torch to one thread; give the test process its setting back."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def open_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def loss(at: AppTest) -> float:
    return float(metric(at, "loss"))


def boundary_image(at: AppTest) -> str:
    """The URL of the boundary PNG; Streamlit names media files by a hash of their bytes."""
    image = next(i for i in at.image if i.captions[0].startswith("decision boundary"))
    return image.value[0]


def status(at: AppTest) -> str:
    return next(str(c.value) for c in at.caption if str(c.value).startswith("Status:"))


def student_tree(root: Path, extra: str = "") -> Path:
    path = root / pg.STUDENT_PATH
    path.parent.mkdir(parents=True)
    path.write_text(REFERENCE + "\n\n" + extra, encoding="utf-8")
    return root


def test_step_and_start_train_live_and_the_boundary_redraws() -> None:
    """Does Step train a chunk (loss falls, boundary redrawn), and Start run to the end?"""
    at = open_app()
    assert metric(at, "epoch") == "0 / 500"
    assert "paused" in status(at)
    losses, images = [loss(at)], [boundary_image(at)]
    at.slider(key="per_refresh").set_value(5)
    for expected_epoch in (5, 10):
        at.button(key="step").click().run()
        assert not at.exception
        assert metric(at, "epoch") == f"{expected_epoch} / 500"
        losses.append(loss(at))
        images.append(boundary_image(at))
    assert losses[0] > losses[1] > losses[2]
    assert len(set(images)) == 3

    at.number_input(key="epochs").set_value(80)
    at.slider(key="per_refresh").set_value(15)  # 5 more script runs, each one chunk
    at.button(key="start").click().run()
    assert not at.exception
    assert metric(at, "epoch") == "80 / 80"
    assert "done" in status(at)
    assert loss(at) < 0.01
    assert metric(at, "accuracy") == "100.0%"
    assert boundary_image(at) != images[-1]


def test_changing_the_network_starts_a_new_run_with_those_settings() -> None:
    """Do the controls reach the run (layers, activation, optimizer, batches, data)?"""
    at = open_app()
    at.button(key="step").click().run()
    assert metric(at, "epoch") == "10 / 500"
    at.selectbox(key="dataset").set_value("spirals")
    at.slider(key="hidden_layers").set_value(3)
    at.slider(key="width").set_value(4)
    at.selectbox(key="activation").set_value("relu")
    at.selectbox(key="optimizer").set_value("Momentum")
    at.select_slider(key="lr").set_value(0.1)
    at.selectbox(key="batch_size").set_value(32)
    at.number_input(key="seed").set_value(3)
    at.run()
    assert not at.exception
    assert metric(at, "epoch") == "0 / 500"
    at.button(key="step").click().run()
    assert not at.exception
    assert metric(at, "epoch") == "10 / 500"
    assert "Layers [2, 4, 4, 4, 1], relu, Momentum lr 0.1" in status(at)
    lab = at.session_state["lab"]
    assert lab.config.batch_size == 32 and lab.config.dataset == "spirals"
    assert lab.config.seed == 3 and lab.config.momentum == 0.9


def test_broken_student_mlp_gets_a_friendly_message_not_an_exception(tmp_path: Path) -> None:
    """Does a backward that raises NotImplementedError say what to fix, and torch go on?"""
    root = student_tree(tmp_path, NO_BACKWARD)
    at = open_app()
    at.checkbox(key="student").check()
    at.text_input(key="student_root").input(str(root))
    at.button(key="step").click().run()
    assert not at.exception
    file = root.resolve() / pg.STUDENT_PATH
    assert [e.value for e in at.error] == [
        f"Your MLP.backward is not implemented yet: fill it in {file}, then `grade mlp`."
    ]
    assert metric(at, "epoch") == "10 / 500"
    assert metric(at, "your loss") == "–"
    assert len(at.image[0].captions) == 1  # one boundary figure, the torch one


def test_reference_student_mlp_agrees_on_the_page_and_reset_stops_its_worker(
    tmp_path: Path,
) -> None:
    """With a correct MLP, does the page report agreement; does Reset stop the worker?"""
    at = open_app()
    at.checkbox(key="student").check()
    at.text_input(key="student_root").input(str(student_tree(tmp_path)))
    at.button(key="step").click().run()
    at.button(key="step").click().run()
    assert not at.exception and not at.error
    assert metric(at, "your loss") == metric(at, "loss")
    assert float(metric(at, "max |Δ loss|")) < 1e-6
    assert at.success[0].value.startswith("Your backprop and optimizer agree with autograd")
    worker = at.session_state["lab"].student.engine.worker
    assert worker.process.poll() is None
    at.button(key="reset").click().run()
    assert worker.process.poll() is not None
    assert metric(at, "epoch") == "0 / 500"
    at.checkbox(key="student").uncheck().run()
    assert at.session_state["lab"].student is None
