"""Per-check time limits: a hang costs only the checks that call the hanging function.

A student's `sgd` loops forever; the correct `adam` in the same module must keep its
points. The function that hung is not called again: later checks that need it fail at
once with "skipped: `sgd` hung in an earlier check".
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from conftest import reference_source, write_submission

from grader.checks import checks_for
from grader.grade import grade_exercise, student_message
from grader.isolation.runner import StudentFailure
from grader.nbgrader_cells import marker_line, run_checks
from grader.registry import BY_ID

HANG = "\n\ndef sgd(*args, **kwargs):\n    while True:\n        pass\n"
LIMIT = 2.0


def test_a_hang_in_sgd_leaves_adams_points(submission_root: Path) -> None:
    """Does a hanging `sgd` fail only the sgd checks, once by time and then at once?"""
    exercise = BY_ID["7.6"]
    write_submission(submission_root, exercise, reference_source(exercise) + HANG)
    result = grade_exercise(exercise, submission_root, seed=0, timeout=LIMIT)
    by_title = {check.title: check for check in result.checks}
    adam = [c for c in checks_for("7.6") if "dam" in c.title and "sgd" not in c.title]
    assert adam and all(by_title[c.title].passed for c in adam), result.feedback()
    assert result.score == sum(c.points for c in adam)
    sgd = [check for check in result.checks if "sgd" in check.title]
    assert len(sgd) >= 2
    assert "timed out after 2 s" in sgd[0].message and "sgd" in sgd[0].message
    for later in sgd[1:]:
        assert later.message == "skipped: `sgd` hung in an earlier check"
    # One time limit for the hang, not one per sgd check.
    assert result.seconds < 2 * LIMIT + 4


def test_an_nbgrader_stub_names_its_function(tmp_path: Path) -> None:
    """Does a bare `raise NotImplementedError()` name the function it sits in?"""
    module = tmp_path / "week18" / "ex7_6_optimizers.py"
    module.parent.mkdir()
    module.write_text("class Adam:\n    def step(self):\n        raise NotImplementedError()\n")
    where = "week18/ex7_6_optimizers.py:3"
    failure = StudentFailure("not_implemented", "NotImplementedError", where)
    assert student_message(failure, tmp_path, "x") == (
        "not implemented yet: `Adam.step` still raises NotImplementedError"
    )
    named = StudentFailure("not_implemented", "NotImplementedError: dense_forward")
    assert "`dense_forward`" in student_message(named)
    assert "`sgd`" in student_message(StudentFailure("not_implemented", "NotImplementedError"),
                                      None, "sgd")  # fmt: skip


def test_an_nbgrader_answer_cell_stub_names_the_function() -> None:
    """In a released notebook, does the visible test cell name the unwritten function?"""
    cell = (f"{marker_line(BY_ID['7.2'])}\nimport numpy as np\n\n\n"
            "def dense_forward(X, W, b):\n    raise NotImplementedError()\n")  # fmt: skip
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert run_checks("7.2", inputs=[cell]) == 0.0
    assert "not implemented yet: `dense_forward` still raises NotImplementedError" in (
        printed.getvalue()
    )
