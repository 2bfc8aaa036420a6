"""Why a check failed: one `FailureKind` per failed check, set where the verdict is made.

The kind travels with the result (`grader.report.CheckResult.kind`), into the batch cache,
the class summary and the gradebook, so nothing downstream reads the message to learn it.
How each kind is worded for people lives in `grader.wording`, and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from grader.i18n import N_, _


class FailureKind(StrEnum):
    """Why a check failed. The values are what caches and summary.json store."""

    NOT_ATTEMPTED = "not_attempted"  # the stub still raises NotImplementedError, no module
    MISTAKE = "mistake"  # a check's diagnosis of a wrong answer (CheckFailed)
    ERROR = "error"  # the student's code raised (on import or in a call), exited, sent junk
    TIMEOUT = "timeout"  # the exercise's wall-clock limit ran out
    LIMIT = "limit"  # over the memory or process limit
    CRASHED = "crashed"  # the child died or stopped answering
    BORROWED = "borrowed"  # the code reached for the reference answers or the hidden checks
    SKIPPED = "skipped"  # not run: its function hung in an earlier check (a consequence)
    INTERRUPTED = "interrupted"  # Ctrl-C stopped grading before this check ran
    UNGRADABLE = "ungradable"  # the submission could not be graded at all (batch)
    GRADER_ERROR = "grader_error"  # the grader or its sandbox failed, not the student


# StudentFailure.kind (grader.isolation.runner) -> the kind a report shows. "import" is
# not here: a missing module is not attempted, any other import failure an error.
FAILURE_KINDS: dict[str, FailureKind] = {
    "not_implemented": FailureKind.NOT_ATTEMPTED,
    "error": FailureKind.ERROR,
    "missing": FailureKind.ERROR,
    "exit": FailureKind.ERROR,
    "bad_result": FailureKind.ERROR,
    "memory": FailureKind.LIMIT,
    "processes": FailureKind.LIMIT,
    "timeout": FailureKind.TIMEOUT,
    "died": FailureKind.CRASHED,
    "borrowed": FailureKind.BORROWED,
    "skipped": FailureKind.SKIPPED,
    "interrupted": FailureKind.INTERRUPTED,
    "sandbox": FailureKind.GRADER_ERROR,
}
# The runner's import failure for an absent module (worker.import_failure), and how it
# starts in English; the grading process words it in its language (grader.wording).
MISSING_MODULE = N_("missing module {file}")
MISSING_MODULE_PREFIX = MISSING_MODULE.split("{", 1)[0]

# Failures that say nothing new about the student's answer: not counted as mistakes.
NOT_MISTAKES = frozenset({FailureKind.NOT_ATTEMPTED, FailureKind.SKIPPED, FailureKind.INTERRUPTED})
# The one kind an exercise shows when its checks failed for several reasons: the first of
# these present. NOT_ATTEMPTED is last, so an exercise is "not attempted" only when nothing
# in it was.
PRECEDENCE: tuple[FailureKind, ...] = (
    FailureKind.BORROWED, FailureKind.UNGRADABLE, FailureKind.GRADER_ERROR,
    FailureKind.CRASHED, FailureKind.LIMIT, FailureKind.TIMEOUT, FailureKind.ERROR,
    FailureKind.MISTAKE, FailureKind.INTERRUPTED, FailureKind.SKIPPED,
    FailureKind.NOT_ATTEMPTED,
)  # fmt: skip


def failure_kind(kind: str, message: str = "") -> FailureKind:
    """The kind of a `StudentFailure` from its own `kind` field (an unknown one: ERROR).

    Args:
        kind: StudentFailure.kind, e.g. "not_implemented", "timeout".
        message: StudentFailure.message; only read for "import", whose absent module the
            runner does not give a kind of its own.
    """
    if kind == "import":
        missing = message.startswith((MISSING_MODULE_PREFIX, _(MISSING_MODULE).split("{", 1)[0]))
        return FailureKind.NOT_ATTEMPTED if missing else FailureKind.ERROR
    return FAILURE_KINDS.get(kind, FailureKind.ERROR)


def parse_kind(value: object, passed: bool) -> FailureKind | None:
    """A kind read back from a cache or JSON: None for a pass, MISTAKE when absent or unknown
    (an entry written before kinds existed)."""
    if passed:
        return None
    try:
        return FailureKind(str(value))
    except ValueError:
        return FailureKind.MISTAKE


def leading_kind(kinds: Iterable[FailureKind | None]) -> FailureKind | None:
    """The kind that sums up an exercise's failed checks (None when none failed)."""
    present = {kind for kind in kinds if kind is not None}
    return next((kind for kind in PRECEDENCE if kind in present), None)


def is_mistake(kind: FailureKind | None) -> bool:
    """Whether a failure of this kind counts among the class's mistakes (a summary's
    "most frequent mistake"): everything but not attempted and the consequences."""
    return kind is not None and kind not in NOT_MISTAKES
