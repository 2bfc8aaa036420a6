"""The code holds to its own bar: mypy --strict on solutions/ and grader/, ruff everywhere."""

from __future__ import annotations

import subprocess
import sys

from workbook.paths import ROOT


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_mypy_strict_on_solutions_grader_and_workbook() -> None:
    """Is the reference and grader code `mypy --strict` clean?"""
    done = run_tool(sys.executable, "-m", "mypy", "--strict", "solutions", "grader", "workbook")
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_is_clean() -> None:
    """Does `ruff check` pass on the whole project?"""
    done = run_tool(sys.executable, "-m", "ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr
