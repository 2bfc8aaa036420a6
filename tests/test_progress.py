"""`grade progress`: the completion checklist, ticked only where grading proves an item."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.cli import main
from grader.progress import (
    STUDENT_MYPY_CONFIG,
    Line,
    Status,
    ToolRun,
    checklist_lines,
    progress,
    read_ticks,
    render_details,
    render_progress,
)
from workbook.checklist import CHECKLIST
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers

PASSING = {"mypy": ToolRun(True, "Success"), "pytest": ToolRun(True, "2 passed")}


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def own_cache(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' cache, away from the user's. It is shared, so mypy's own cache stays warm;
    progress results are cached per submission path, and every test has its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))


def by_text(lines: list[Line], text: str) -> Line:
    return next(line for line in lines if line.item.text.startswith(text))


def week18_copy(tmp_path: Path) -> Path:
    """An exercises/ tree holding the reference week 18 MLP, overfit test and their tests."""
    root = tmp_path / "exercises"
    (root / "week18").mkdir(parents=True)
    for name in ("neural_network.py", "overfit_test.py", "test_neural_network.py",
                 "test_overfit_test.py", "__init__.py"):  # fmt: skip
        source = (SOLUTIONS / "week18" / name).read_text(encoding="utf-8")
        (root / "week18" / name).write_text(strip_markers(source), encoding="utf-8")
    (root / "__init__.py").write_text("", encoding="utf-8")
    return root


def test_items_follow_exercises_answers_and_tools() -> None:
    """Is an item ticked exactly when its exercises pass, answers exist or its tool passes?"""
    passed = {"7.6", "mlp", "overfit"}
    tools = {"mypy": ToolRun(True, ""), "pytest": ToolRun(False, "1 failed")}
    lines = checklist_lines(passed, {"feynman-backprop"}, tools)
    assert by_text(lines, "Implemented SGD, SGD+Momentum and Adam").state == "done"
    assert by_text(lines, "Implemented the backward pass").state == "todo"
    assert by_text(lines, "Implemented the backward pass").detail == "grade 7.4"
    assert by_text(lines, "The network overfits XOR").state == "done"
    assert by_text(lines, "Explain backprop in 5 lines").state == "written"
    assert by_text(lines, "Explain pooling in 5 lines").state == "todo"
    assert by_text(lines, "mypy passes").state == "done"
    assert by_text(lines, "pytest passes").detail == "1 failed; see grade progress --details"
    assert by_text(lines, "Understand why XOR").state == "todo"
    assert by_text(lines, "Understand how an artificial neuron").state == "self"
    assert [line.number for line in lines] == list(range(1, len(CHECKLIST) + 1))
    assert len(lines) == len(CHECKLIST) == 25


def test_rendered_checklist_is_numbered_and_says_how_to_tick() -> None:
    """Does the printout keep the sections, number the items and tell how to tick one?"""
    text = render_progress(checklist_lines(set(), set(), PASSING))
    assert "Knowledge" in text and "Feynman" in text
    assert "[x] mypy passes on your code." in text
    assert (
        "   1. [ ] Understand how an artificial neuron mirrors a biological one.  "
        "(self-assessed: grade progress --tick 1)"
    ) in text
    assert text.splitlines()[-1] == ("2/20 checkable items done; 0/5 self-assessed items ticked.")


def test_tick_and_untick_write_the_ticks_file(tmp_path: Path) -> None:
    """Does `--tick 1 5` tick those two items in self_assessment.txt, `--untick 1` take one
    back, and a checkable item's number get a one-line usage error?"""
    root = week18_copy(tmp_path)
    ticks = root / "self_assessment.txt"
    assert main(["progress", "--submission", str(root), "--tick", "1", "5"]) == 0
    assert read_ticks(ticks) == {CHECKLIST[0].text, CHECKLIST[4].text}
    assert main(["progress", "--submission", str(root), "--untick", "1"]) == 0
    assert read_ticks(ticks) == {CHECKLIST[4].text}
    lines = progress(root, seed=1).lines
    assert by_text(lines, "Understand backprop as the chain rule").ticked
    assert not by_text(lines, "Understand how an artificial neuron").ticked
    assert main(["progress", "--submission", str(root), "--tick", "2"]) == 2
    assert main(["progress", "--submission", str(root), "--tick", "99"]) == 2
    # A hand-written line counts as well: the item's text, with or without "[x]".
    ticks.write_text("Know LeNet-5 at the level of its layers.\n", encoding="utf-8")
    assert by_text(progress(root, seed=1).lines, "Know LeNet-5").ticked


def test_progress_runs_grading_mypy_and_pytest_then_answers_from_the_cache(
    tmp_path: Path,
) -> None:
    """On a week-18 copy with the reference MLP, are its items, mypy and pytest ticked; does
    a second run with nothing changed come from the cache in well under 3 s; and does a
    changed file run everything again?"""
    root = week18_copy(tmp_path)
    status = io.StringIO()
    first = progress(root, seed=1, status=Status(status))
    assert not first.cached
    lines = first.lines
    assert by_text(lines, "The network solves XOR").state == "done"
    assert by_text(lines, "The network overfits XOR").state == "done"
    assert by_text(lines, "Implemented the backward pass").state == "todo"  # 7.4 is missing
    assert by_text(lines, "mypy passes").state == "done"
    assert by_text(lines, "pytest passes").state == "done"
    shown = status.getvalue()
    for step in ("grading 15 exercises...", "mypy...", "pytest...", "mypy: passed in"):
        assert step in shown, shown

    start = time.monotonic()
    again = progress(root, seed=1, status=Status(io.StringIO()))
    assert again.cached and time.monotonic() - start < 3.0
    assert again.lines == first.lines
    assert "results from the cache" in render_progress(again)

    shutil.rmtree(root / "week18")
    (root / "week18").mkdir()
    (root / "week18" / "test_broken.py").write_text("def test_x():\n    assert False\n")
    changed = progress(root, seed=1, status=Status(io.StringIO()))
    assert not changed.cached
    assert by_text(changed.lines, "pytest passes").state == "todo"
    details = render_details(changed)
    assert "== pytest: failed ==" in details and "test_broken.py" in details


def test_student_mypy_settings_accept_numpy_code_that_strict_rejects(tmp_path: Path) -> None:
    """Does the student mypy configuration accept `return X @ W + b` and an unannotated
    helper (both errors under --strict), and still report a call with a wrong argument?"""
    (tmp_path / "ex.py").write_text(
        "import numpy as np\n\n\n"
        "def dense_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:\n"
        "    return X @ W + b\n\n\n"
        "def helper(x):\n"
        "    return x * 2\n\n\n"
        "def use() -> None:\n"
        "    dense_forward(1, 2)\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "ex.py"]

    def mypy(*options: str) -> str:
        done = subprocess.run(command[:3] + list(options) + command[3:], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        return done.stdout

    strict = mypy("--strict")
    assert "no-any-return" in strict and "no-untyped-def" in strict
    student = mypy("--config-file", str(STUDENT_MYPY_CONFIG))
    assert "no-any-return" not in student and "no-untyped-def" not in student
    assert 'Missing positional argument "b"' in student


def test_progress_command_rejects_a_missing_submission() -> None:
    """Does `grade progress` reject a missing submission with one line and exit 2?"""
    assert main(["progress", "--submission", "/no/such/place"]) == 2
