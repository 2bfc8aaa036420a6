"""`grade` starts fast: each verb imports what it needs, and grading imports only the
check suites (and reference modules) of the exercises it grades."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import reference_source, write_submission

from grader.checks import REGISTRY, load_suites, suite_module
from grader.registry import BY_ID

HEAVY = ("numpy", "torch", "matplotlib", "nbgrader", "dask", "nbformat", "nbclient")


def imported_after(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running `code` (its stdout is dropped)."""
    script = (
        "import sys, io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        + "".join(f"    {line}\n" for line in code.splitlines())
        + "print('\\n' + __import__('json').dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_every_check_lives_in_the_suite_its_exercise_names() -> None:
    """Is each check in the module `suite_module(its exercise)` names, so that grading an
    exercise can import that suite alone?"""
    load_suites()
    for exercise_id, checks in REGISTRY.items():
        for check in checks:
            assert check.run.__module__ == suite_module(exercise_id), (
                f"check {check.name} of {exercise_id!r} is in {check.run.__module__}; "
                f"grade imports {suite_module(exercise_id)} for it"
            )


def test_help_imports_no_numpy_and_no_instructor_tool() -> None:
    """Does `grade --help` start without NumPy, the grading pipeline or any instructor verb?"""
    code = "from grader.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    loaded = imported_after(code)
    assert not {m.split(".")[0] for m in loaded} & set(HEAVY)
    assert not {"grader.grade", "grader.progress", "grader.batch", "grader.release"} & loaded


def test_grading_one_exercise_imports_only_its_suite(tmp_path: Path) -> None:
    """Does `grade 7.2` import the 7.2 suite and its reference alone: no other suite, no
    torch, matplotlib, nbgrader or Dask?"""
    exercise = BY_ID["7.2"]
    write_submission(tmp_path, exercise, reference_source(exercise))
    code = f"from grader.cli import main\nmain(['7.2', '--submission', {str(tmp_path)!r}])"
    loaded = imported_after(code)
    assert "grader.checks.ex7_2.checks" in loaded
    suites = {m for m in loaded if m.startswith("grader.checks.") and m.endswith(".checks")}
    assert suites == {"grader.checks.ex7_2.checks"}, suites
    assert not {m.split(".")[0] for m in loaded} & {"torch", "matplotlib", "nbgrader", "dask"}
    references = {m for m in loaded if m.startswith("solutions.week")}
    assert references == {"solutions.week17", "solutions.week17.ex7_2_dense"}, references
