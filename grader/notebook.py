"""`check("7.4")`: the visible checks a notebook runs, isolated exactly like `grade`."""

from __future__ import annotations

import importlib
import secrets
from pathlib import Path

from grader.discover import discover
from grader.grade import grade_exercise
from grader.registry import BY_ID, UsageError
from grader.report import ExerciseResult
from grader.wording import check_line


def summarize(result: ExerciseResult) -> str:
    """✓/✗ per visible check, the hints of failures, and a pointer to `grade`."""
    exercise = result.exercise
    lines = [check_line(check.title, check.passed, check.message) for check in result.checks]
    if result.output.strip():
        lines.append("Your code printed:")
        lines.extend(f"  | {line}" for line in result.output.rstrip().splitlines())
    verdict = "visible checks pass" if result.passed else "not there yet"
    lines.append(f"{exercise.id} {exercise.title}: {verdict}. Hidden checks: grade {exercise.id}")
    return "\n".join(lines)


def imported_exercises() -> Path:
    """The directory of the `exercises` package as this interpreter resolves it."""
    package = importlib.import_module("exercises")
    return Path(str(package.__file__)).resolve().parent


def check(exercise_id: str, submission: str | Path | None = None, seed: int | None = None) -> None:
    """Run the visible checks of one exercise on the student's code and print the verdict.

    It returns nothing, so a notebook cell shows the printed checks and no `Out[...]` line.

    Args:
        exercise_id: "7.1" ... "7.8", "mlp-forward", "mlp", "overfit", "cnn-forward", ...
        submission: defaults to the `exercises` package this kernel imports, so the
            checks see the same code as the notebook's own imports.
        seed: reproduces a run's inputs.
    """
    if exercise_id not in BY_ID:
        raise UsageError(f"unknown exercise {exercise_id!r}; choose from {', '.join(BY_ID)}")
    found = discover(Path(submission) if submission is not None else imported_exercises())
    try:
        seed = secrets.randbelow(2**31) if seed is None else seed
        result = grade_exercise(BY_ID[exercise_id], found.root, seed, public_only=True)
    finally:
        found.cleanup()
    print(summarize(result))
