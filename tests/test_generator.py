"""The stub generator: one source (solutions/) for every student file."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from grader.registry import EXERCISES
from workbook.paths import ROOT
from workbook.regions import RegionError, find_regions, stub_source


def test_committed_exercises_match_the_generator() -> None:
    """Is exercises/ exactly what scripts/generate_exercises.py writes from solutions/?"""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_exercises.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda e: e.id)
def test_every_stub_imports_and_keeps_its_docstrings(exercise: object) -> None:
    """Does each stub import cleanly, with the reference's public names and docstrings?"""
    module = exercise.module  # type: ignore[attr-defined]
    stub = importlib.import_module(f"exercises.{module}")
    reference = importlib.import_module(f"solutions.{module}")
    public = [name for name in vars(reference) if not name.startswith("_")]
    for name in public:
        assert hasattr(stub, name), f"{module}: stub lacks {name}"
        ref_doc = getattr(getattr(reference, name), "__doc__", None)
        if callable(getattr(reference, name)) and ref_doc:
            # The stub keeps the English docstring whole; a Spanish part may follow it.
            stub_doc = getattr(stub, name).__doc__
            assert stub_doc == ref_doc or stub_doc.startswith(ref_doc.rstrip() + "\n\n"), name


def test_region_becomes_todo_and_raise() -> None:
    """Does a region become a TODO with its hint and a NotImplementedError naming its function?"""
    source = (
        "class Net:\n"
        "    def forward(self, x):\n"
        '        """Doc."""\n'
        "        # BEGIN SOLUTION: multiply by two.\n"
        "        return 2 * x\n"
        "        # END SOLUTION\n"
    )
    stub = stub_source(source)
    assert "# TODO(student): multiply by two." in stub
    assert 'raise NotImplementedError("Net.forward")' in stub
    assert "return 2 * x" not in stub and '"""Doc."""' in stub


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("# BEGIN SOLUTION\nx = 1\n# END SOLUTION\n", "outside a function"),
        ("def f():\n    # BEGIN SOLUTION\n    return 1\n", "never closed"),
        ("def f():\n    # END SOLUTION\n    return 1\n", "without BEGIN"),
        ("def f():\n    # BEGIN SOLUTION\n    # BEGIN SOLUTION\n    pass\n", "nested"),
    ],
)
def test_malformed_regions_are_rejected(source: str, problem: str) -> None:
    """Does a malformed region stop the generator with a message naming the line?"""
    with pytest.raises(RegionError, match=problem):
        find_regions(source)


def test_every_reference_module_has_regions() -> None:
    """Does every exercise give the student something to write?"""
    for exercise in EXERCISES:
        path = Path(ROOT / "solutions" / exercise.path)
        assert find_regions(path.read_text(encoding="utf-8")), exercise.path
