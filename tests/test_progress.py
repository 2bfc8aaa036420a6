"""`grade progress`: the completion checklist, ticked only where grading proves an item."""

from __future__ import annotations

import shutil
from pathlib import Path

from grader.cli import main
from grader.progress import Line, checklist_lines, progress, render_progress
from workbook.checklist import CHECKLIST
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers


def by_text(lines: list[Line], text: str) -> Line:
    return next(line for line in lines if line.item.text.startswith(text))


def test_items_follow_exercises_answers_and_tools() -> None:
    """Is an item ticked exactly when its exercises pass, answers exist or its tool passes?"""
    passed = {"7.6", "mlp", "overfit"}
    tools = {"mypy": (True, ""), "pytest": (False, "1 failed")}
    lines = checklist_lines(passed, {"feynman-backprop"}, tools)
    assert by_text(lines, "Implemented SGD, SGD+Momentum and Adam").state == "done"
    assert by_text(lines, "Implemented the backward pass").state == "todo"
    assert by_text(lines, "Implemented the backward pass").detail == "grade 7.4"
    assert by_text(lines, "The network overfits XOR").state == "done"
    assert by_text(lines, "Explain backprop in 5 lines").state == "written"
    assert by_text(lines, "Explain pooling in 5 lines").state == "todo"
    assert by_text(lines, "mypy passes").state == "done"
    assert by_text(lines, "pytest passes").detail == "1 failed"
    assert by_text(lines, "Understand why XOR").state == "self"
    assert len(lines) == len(CHECKLIST) == 25


def test_rendered_checklist_has_sections_and_a_count() -> None:
    """Does the printout keep the checklist's sections and say what is left to the student?"""
    tools = {"mypy": (True, ""), "pytest": (True, "")}
    text = render_progress(checklist_lines(set(), set(), tools))
    assert "Knowledge" in text and "Feynman" in text
    assert "[x] mypy passes on your code." in text
    assert "[ ] Understand why XOR is not linearly separable.  (tick it yourself)" in text
    assert text.splitlines()[-1].startswith("2/19 checkable items done; 6 are yours to tick.")


def test_progress_runs_grading_mypy_and_pytest_on_the_students_code(tmp_path: Path) -> None:
    """On a week-18 copy with the reference MLP, are its items, mypy and pytest ticked?"""
    root = tmp_path / "exercises"
    (root / "week18").mkdir(parents=True)
    for name in ("neural_network.py", "overfit_test.py", "test_neural_network.py",
                 "test_overfit_test.py", "__init__.py"):  # fmt: skip
        source = (SOLUTIONS / "week18" / name).read_text(encoding="utf-8")
        (root / "week18" / name).write_text(strip_markers(source), encoding="utf-8")
    (root / "__init__.py").write_text("", encoding="utf-8")
    lines = progress(root, seed=1)
    assert by_text(lines, "The network solves XOR").state == "done"
    assert by_text(lines, "The network overfits XOR").state == "done"
    assert by_text(lines, "Implemented the backward pass").state == "todo"  # 7.4 is missing
    assert by_text(lines, "mypy passes").state == "done"
    assert by_text(lines, "pytest passes").state == "done"
    shutil.rmtree(root / "week18")
    (root / "week18").mkdir()
    (root / "week18" / "test_broken.py").write_text("def test_x():\n    assert False\n")
    assert by_text(progress(root, seed=1), "pytest passes").state == "todo"


def test_progress_command_rejects_a_missing_submission() -> None:
    """Does `grade progress` reject a missing submission with one line and exit 2?"""
    assert main(["progress", "--submission", "/no/such/place"]) == 2
