"""The pytest files students get (week 18): they pass on the reference and fail on stubs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from workbook.paths import EXERCISES, ROOT, SOLUTIONS

FILES = ("week18/test_neural_network.py", "week18/test_overfit_test.py")


def run_pytest(tree: str) -> subprocess.CompletedProcess[str]:
    paths = [f"{tree}/{name}" for name in FILES]
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *paths]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("name", FILES)
def test_student_test_files_are_mirrored(name: str) -> None:
    """Does every student pytest file exist in both trees?"""
    assert (SOLUTIONS / name).is_file() and (EXERCISES / name).is_file()


def test_student_tests_pass_on_the_reference() -> None:
    """Do the week 18 student tests pass when the code is right?"""
    done = run_pytest("solutions")
    assert done.returncode == 0, done.stdout[-2000:]


def test_student_tests_fail_on_the_stubs() -> None:
    """Do they fail, pointing at NotImplementedError, while the code is still a stub?"""
    done = run_pytest("exercises")
    assert done.returncode == 1
    assert "NotImplementedError" in done.stdout
