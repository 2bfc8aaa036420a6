"""Every sentence people read about why a check failed, in one place.

`grade`'s text report, the notebook's `check()`, nbgrader's test cells, `grade batch`'s
summary, gradebook and class report, and the playground word a failure's kind
(`grader.verdicts.FailureKind`) through these functions. Each message is one format
string, a constant here: translating them is marking each with `grader.i18n.N_` and
passing it through `_` where it is formatted. They are not marked yet, so that the
catalogs' completeness test does not ask for translations nobody has written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from grader.verdicts import PRECEDENCE, FailureKind, failure_kind

# ---- What a failed check says (stored as CheckResult.message) ------------------------------

NOT_IMPLEMENTED = "not implemented yet: `{function}` still raises NotImplementedError"
HUNG_EARLIER = "skipped: `{function}` hung in an earlier check"
WHILE_CALLING = "{reason} while calling `{function}`"
GRADER_ERROR = "internal grader error in {check} ({error}); please report it"
INTERRUPTED = "not graded: interrupted"
COULD_NOT_GRADE = "could not grade this submission: {reason}"
UNKNOWN_FUNCTION = "this function"


def not_implemented(function: str | None) -> str:
    """A stub that still raises: `function` is the (Class.)function still to write."""
    return NOT_IMPLEMENTED.format(function=function or UNKNOWN_FUNCTION)


def hung_earlier(function: str) -> str:
    return HUNG_EARLIER.format(function=function)


def while_calling(reason: str, function: str) -> str:
    """A timeout that does not say where it ran, completed with the function called."""
    return WHILE_CALLING.format(reason=reason, function=function)


def grader_error(check: str, error: BaseException) -> str:
    return GRADER_ERROR.format(check=check, error=repr(error))


def could_not_grade(reason: str) -> str:
    """A batch student whose submission could not be graded at all."""
    return COULD_NOT_GRADE.format(reason=reason)


# ---- One line per check (grade's report, check(), nbgrader's cells) -----------------------

PASSED_LINE = "✓ {title}"
FAILED_LINE = "✗ {title}: {message}"


def check_line(title: str, passed: bool, message: str = "") -> str:
    """ "✓ title", or "✗ title: why it failed"."""
    if passed:
        return PASSED_LINE.format(title=title)
    return FAILED_LINE.format(title=title, message=message)


# ---- Kinds as labels (summary, gradebook, class report) -----------------------------------

LABELS: dict[FailureKind, str] = {
    FailureKind.NOT_ATTEMPTED: "not attempted",
    FailureKind.MISTAKE: "mistake",
    FailureKind.ERROR: "error",
    FailureKind.TIMEOUT: "timed out",
    FailureKind.LIMIT: "over a limit",
    FailureKind.CRASHED: "crashed",
    FailureKind.BORROWED: "borrowed answer",
    FailureKind.SKIPPED: "skipped",
    FailureKind.INTERRUPTED: "interrupted",
    FailureKind.UNGRADABLE: "ungradable",
    FailureKind.GRADER_ERROR: "grader error",
}
COUNT = "{label} {count}"
EXERCISE_KIND = "{exercise} {label}"
LIST_SEPARATOR = ", "
NOTE_SEPARATOR = "; "


def label(kind: FailureKind) -> str:
    return LABELS[kind]


def kind_counts(counts: Mapping[str, int]) -> str:
    """ "mistake 3, not attempted 2" from kind value -> students, in a fixed order."""
    ordered = [kind for kind in PRECEDENCE if counts.get(kind.value)]
    parts = [COUNT.format(label=label(kind), count=counts[kind.value]) for kind in ordered]
    return LIST_SEPARATOR.join(parts)


def exercise_kinds(kinds: Mapping[str, FailureKind]) -> str:
    """ "7.4 not attempted; 7.6 timed out": a gradebook note, exercise id -> its kind."""
    parts = [EXERCISE_KIND.format(exercise=key, label=label(kind)) for key, kind in kinds.items()]
    return NOTE_SEPARATOR.join(parts)


# ---- The class summary (`grade batch`'s text and report.html) -----------------------------

NOT_ATTEMPTED_COUNT = "not attempted: {count}"
FAILURES_BY_KIND = "why they failed: {counts}"
MOST_FREQUENT = "most frequent mistake ({students} of {failed} who failed): {check}: {message}"
MOST_FREQUENT_TIED = "most frequent mistakes, tied ({students} of {failed} who failed each):"
TIED_ITEM = "- {check}: {message}"
UNGRADABLE_LINE = "ungradable: {student}: {reason}"
NOT_GRADED_YET = "{interrupted}: {students} (rerun to grade them)"
NOBODY = "none"


def most_frequent(top: list[dict[str, object]], failed: int) -> list[str]:
    """The summary's lines about an exercise's most frequent mistake(s) (ties all shown)."""
    if not top:
        return []
    if len(top) == 1:
        (first,) = top
        return [MOST_FREQUENT.format(students=first["students"], failed=failed,
                                     check=first["check"], message=first["message"])]  # fmt: skip
    head = MOST_FREQUENT_TIED.format(students=top[0]["students"], failed=failed)
    return [head, *(TIED_ITEM.format(check=d["check"], message=d["message"]) for d in top)]


def not_attempted_count(count: int) -> str:
    return NOT_ATTEMPTED_COUNT.format(count=count)


def failures_by_kind(counts: Mapping[str, int]) -> str:
    return FAILURES_BY_KIND.format(counts=kind_counts(counts))


def ungradable(student: str, reason: str) -> str:
    return UNGRADABLE_LINE.format(student=student, reason=reason)


def not_graded_yet(students: list[str]) -> str:
    """After Ctrl-C in a batch: who is left for a rerun."""
    names = LIST_SEPARATOR.join(students) or NOBODY
    return NOT_GRADED_YET.format(interrupted=INTERRUPTED, students=names)


# ---- The playground --------------------------------------------------------------------


class Failure(Protocol):
    """What the playground's worker reports (grader.isolation.runner.StudentFailure)."""

    kind: str
    message: str

    def describe(self) -> str: ...


PLAYGROUND = {
    "loading": "{file} could not be loaded ({detail}): fix it, then `grade {exercise}`.",
    "not_implemented": (
        "Your {what} is not implemented yet: fill it in {file}, then `grade {exercise}`."
    ),
    "no_module": (
        "There is no {file} to train: write your week 18 MLP there, then `grade {exercise}`."
    ),
    "import": "{file} does not import ({detail}): fix it, then `grade {exercise}`.",
    "missing": "{detail}: write it in {file}, then `grade {exercise}`.",
    "timeout": (
        "Your {what} did not finish within {seconds:g} s (an endless loop?): fix it in "
        "{file}, then `grade {exercise}`."
    ),
    "error": "Your {what} raised {detail}: fix it in {file}, then `grade {exercise}`.",
    "other": "Your {what} failed: {detail}. Fix it in {file}, then `grade {exercise}`.",
}


def playground_case(failure: Failure, loading: bool) -> str:
    """Which of PLAYGROUND's sentences fits a failure."""
    if loading and failure.kind != "import":
        return "loading"
    kind = failure_kind(failure.kind, failure.message)
    if failure.kind == "import":
        return "no_module" if kind is FailureKind.NOT_ATTEMPTED else "import"
    if kind is FailureKind.NOT_ATTEMPTED:
        return "not_implemented"
    if failure.kind in ("missing", "error"):
        return failure.kind
    return "timeout" if kind is FailureKind.TIMEOUT else "other"


def playground_message(
    failure: Failure, what: str, file: str, exercise: str, seconds: float, loading: bool = False
) -> str:
    """One line for the playground page: which function failed, how, and where to fix it.

    Args:
        failure: what the worker reported.
        what: the student's function called, e.g. "MLP.backward".
        file: the student's file as the page names it.
        exercise: the exercise `grade` checks it under, e.g. "mlp".
        seconds: the per-epoch time limit, for a timeout.
        loading: the failure came while the module was being loaded, not from `what`.
    """
    template = PLAYGROUND[playground_case(failure, loading)]
    return template.format(what=what, file=file, exercise=exercise, seconds=seconds,
                           detail=failure.describe())  # fmt: skip


# ---- The class report (report.html; the caller escapes) ------------------------------------

REPORT_MOST_FREQUENT = "Most frequent mistake"
REPORT_MOST_FREQUENT_TIED = "Most frequent mistakes (tied)"
REPORT_OTHER_MISTAKES = "Other mistakes"
REPORT_NOT_ATTEMPTED = "not attempted {count}"
REPORT_WHO_FAILED = "({students} of {failed} who failed):"
