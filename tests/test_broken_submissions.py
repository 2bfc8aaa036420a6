"""Broken submissions are results, not crashes: each gets a plain reason, the rest is graded.

Each case in tests/golden/broken/<case>/ breaks exercise 7.2 in one way; the harness
adds the reference 7.1 beside it, grades both, and expects 7.1 to pass untouched.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader.grade import grade
from grader.registry import BY_ID

BROKEN = GOLDEN / "broken"
EXPECTED: dict[str, str] = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_broken_submission_fails_with_plain_reason(case: str, tmp_path: Path) -> None:
    """Does a broken 7.2 fail with its one-line reason while 7.1 is still graded?"""
    root = tmp_path / "submission with spaces"
    shutil.copytree(BROKEN / case, root)
    write_submission(root, BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    start = time.monotonic()
    # Only the infinite loop needs a short deadline; the memory hog must meet its cap first.
    timeout = 2.0 if case == "infinite_loop" else None
    report = grade(["7.1", "7.2"], submission=root, seed=5, timeout=timeout)
    assert time.monotonic() - start < 15
    first, second = report.results
    assert first.passed, first.feedback()
    assert not second.passed and second.score == 0
    feedback = second.feedback()
    assert EXPECTED[case] in feedback
    assert "Traceback" not in feedback


def test_printed_fake_verdict_stays_in_feedback(tmp_path: Path) -> None:
    """Can text that looks like a verdict, printed by student code, pass for one? No."""
    root = tmp_path / "s"
    shutil.copytree(BROKEN / "prints_fake_verdict", root)
    result = grade(["7.2"], submission=root, seed=1).results[0]
    assert not result.passed
    assert "| Total: 4/4 points" in result.feedback()


def test_all_stubs_score_zero_without_grader_errors() -> None:
    """Do the untouched stubs get zero everywhere, each check saying 'not implemented yet'?"""
    report = grade(["week17", "week18", "week19"], seed=3)
    assert report.score == 0
    for result in report.results:
        for check in result.checks:
            assert "not implemented yet" in check.message, (result.exercise.id, check.message)
