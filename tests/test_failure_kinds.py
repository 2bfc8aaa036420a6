"""Every failed check carries a kind (grader.verdicts), worded in one place (grader.wording)."""

from __future__ import annotations

import pytest

from grader import wording
from grader.isolation.runner import INTERRUPTED, StudentFailure
from grader.report import CheckResult
from grader.verdicts import PRECEDENCE, FailureKind, failure_kind, leading_kind, parse_kind


def test_every_kind_has_a_label_and_a_place_in_the_precedence() -> None:
    """Can every kind be worded, and summed up when an exercise fails for several?"""
    assert set(wording.LABELS) == set(FailureKind) == set(PRECEDENCE)
    assert len(PRECEDENCE) == len(set(PRECEDENCE))


@pytest.mark.parametrize(
    ("kind", "message", "expected"),
    [
        ("not_implemented", "NotImplementedError: dense_forward", FailureKind.NOT_ATTEMPTED),
        ("import", "missing module week17/ex7_2_dense.py", FailureKind.NOT_ATTEMPTED),
        ("import", "SyntaxError while importing week17/ex7_2_dense.py: x", FailureKind.ERROR),
        ("error", "ValueError: bad", FailureKind.ERROR),
        ("timeout", "timed out after 2 s", FailureKind.TIMEOUT),
        ("memory", "ran out of memory (limit 2 GiB)", FailureKind.LIMIT),
        ("processes", "started too many processes", FailureKind.LIMIT),
        ("died", "exited with status 1", FailureKind.CRASHED),
        ("borrowed", "your code used the reference solutions", FailureKind.BORROWED),
        ("skipped", "skipped: `sgd` hung in an earlier check", FailureKind.SKIPPED),
        ("interrupted", INTERRUPTED, FailureKind.INTERRUPTED),
        ("sandbox", "the sandbox could not close", FailureKind.GRADER_ERROR),
        ("something new", "?", FailureKind.ERROR),
    ],
)
def test_each_failure_of_the_runner_has_a_kind(
    kind: str, message: str, expected: FailureKind
) -> None:
    assert failure_kind(kind, message) is expected


def test_a_result_without_a_kind_is_a_mistake_and_a_pass_has_none() -> None:
    """Is a failure made the old way a check's diagnosis, and a pass kind-less?"""
    assert CheckResult("a", "A", 0.0, 1.0, False, "off by 1").kind is FailureKind.MISTAKE
    assert CheckResult("a", "A", 1.0, 1.0, True, "", FailureKind.ERROR).kind is None
    assert parse_kind("timeout", False) is FailureKind.TIMEOUT
    assert parse_kind(None, False) is parse_kind("gone", False) is FailureKind.MISTAKE
    assert parse_kind("timeout", True) is None


def test_an_exercise_is_not_attempted_only_when_nothing_in_it_was() -> None:
    not_attempted, mistake = FailureKind.NOT_ATTEMPTED, FailureKind.MISTAKE
    assert leading_kind([None, not_attempted, not_attempted]) is not_attempted
    assert leading_kind([not_attempted, mistake, None]) is mistake
    assert leading_kind([FailureKind.SKIPPED, FailureKind.TIMEOUT]) is FailureKind.TIMEOUT
    assert leading_kind([None, None]) is None


def test_the_wording_matches_what_users_saw_before() -> None:
    """The sentences moved here unchanged (tests elsewhere compare the text)."""
    assert wording.INTERRUPTED == INTERRUPTED  # the runner still has its own copy
    assert wording.not_implemented("MLP.backward") == (
        "not implemented yet: `MLP.backward` still raises NotImplementedError"
    )
    assert wording.not_implemented(None) == (
        "not implemented yet: `this function` still raises NotImplementedError"
    )
    assert wording.hung_earlier("sgd") == "skipped: `sgd` hung in an earlier check"
    assert wording.check_line("shape", False, "wrong") == "✗ shape: wrong"
    assert wording.check_line("shape", True) == "✓ shape"
    assert wording.kind_counts({"mistake": 3, "not_attempted": 2}) == "mistake 3, not attempted 2"


@pytest.mark.parametrize(
    ("failure", "loading", "expected"),
    [
        (
            StudentFailure("not_implemented", "NotImplementedError: backward", "w.py:9"),
            False,
            "Your MLP.backward is not implemented yet: fill it in F, then `grade mlp`.",
        ),
        (
            StudentFailure("error", "ValueError: bad", "week18/neural_network.py:3"),
            False,
            "Your MLP.backward raised ValueError: bad (week18/neural_network.py:3): fix it "
            "in F, then `grade mlp`.",
        ),
        (
            StudentFailure("timeout", "timed out after 5 s", fatal=True),
            False,
            "Your MLP.backward did not finish within 5 s (an endless loop?): fix it in F, "
            "then `grade mlp`.",
        ),
        (
            StudentFailure("memory", "ran out of memory (limit 2 GiB)"),
            False,
            "Your MLP.backward failed: ran out of memory (limit 2 GiB). Fix it in F, then "
            "`grade mlp`.",
        ),
        (
            StudentFailure("died", "exited with status 1", fatal=True),
            True,
            "F could not be loaded (exited with status 1): fix it, then `grade mlp`.",
        ),
        (
            StudentFailure("import", "missing module week18/neural_network.py", fatal=True),
            True,
            "There is no F to train: write your week 18 MLP there, then `grade mlp`.",
        ),
        (
            StudentFailure("import", "SyntaxError while importing w.py: bad", "w.py:1"),
            True,
            "F does not import (SyntaxError while importing w.py: bad (w.py:1)): fix it, "
            "then `grade mlp`.",
        ),
        (
            StudentFailure("missing", "your module has no `MLP`"),
            False,
            "your module has no `MLP`: write it in F, then `grade mlp`.",
        ),
    ],
)
def test_the_playground_sentences_live_here_too(
    failure: StudentFailure, loading: bool, expected: str
) -> None:
    """The playground's one-line instructions (tests/test_playground.py's cases and more)."""
    message = wording.playground_message(failure, "MLP.backward", "F", "mlp", 5.0, loading)
    assert message == expected
