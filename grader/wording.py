"""Every sentence people read about why a check failed, in one place.

`grade`'s text report, the notebook's `check()`, nbgrader's test cells, `grade batch`'s
summary, gradebook and class report, and the playground word a failure's kind
(`grader.verdicts.FailureKind`) through these functions. Each message is one format
string inside `_()`, so gettext can translate it later without touching the callers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from grader.verdicts import PRECEDENCE, FailureKind, failure_kind


def _(message: str) -> str:
    """Marks a translatable message (gettext's `_` replaces this later)."""
    return message


# ---- What a failed check says (stored as CheckResult.message) ------------------------------

NOT_IMPLEMENTED = _("not implemented yet: `{function}` still raises NotImplementedError")
HUNG_EARLIER = _("skipped: `{function}` hung in an earlier check")
WHILE_CALLING = _("{reason} while calling `{function}`")
GRADER_ERROR = _("internal grader error in {check} ({error}); please report it")
INTERRUPTED = _("not graded: interrupted")
COULD_NOT_GRADE = _("could not grade this submission: {reason}")
UNKNOWN_FUNCTION = _("this function")


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

PASSED_LINE = _("✓ {title}")
FAILED_LINE = _("✗ {title}: {message}")


def check_line(title: str, passed: bool, message: str = "") -> str:
    """ "✓ title", or "✗ title: why it failed"."""
    if passed:
        return PASSED_LINE.format(title=title)
    return FAILED_LINE.format(title=title, message=message)


# ---- Kinds as labels (summary, gradebook, class report) -----------------------------------

LABELS: dict[FailureKind, str] = {
    FailureKind.NOT_ATTEMPTED: _("not attempted"),
    FailureKind.MISTAKE: _("mistake"),
    FailureKind.ERROR: _("error"),
    FailureKind.TIMEOUT: _("timed out"),
    FailureKind.LIMIT: _("over a limit"),
    FailureKind.CRASHED: _("crashed"),
    FailureKind.BORROWED: _("borrowed answer"),
    FailureKind.SKIPPED: _("skipped"),
    FailureKind.INTERRUPTED: _("interrupted"),
    FailureKind.UNGRADABLE: _("ungradable"),
    FailureKind.GRADER_ERROR: _("grader error"),
}
COUNT = _("{label} {count}")
EXERCISE_KIND = _("{exercise} {label}")
LIST_SEPARATOR = _(", ")
NOTE_SEPARATOR = _("; ")


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

NOT_ATTEMPTED_COUNT = _("not attempted: {count}")
FAILURES_BY_KIND = _("why they failed: {counts}")
MOST_FREQUENT = _("most frequent mistake ({students} of {failed} who failed): {check}: {message}")
MOST_FREQUENT_TIED = _("most frequent mistakes, tied ({students} of {failed} who failed each):")
TIED_ITEM = _("- {check}: {message}")
UNGRADABLE_LINE = _("ungradable: {student}: {reason}")
NOT_GRADED_YET = _("{interrupted}: {students} (rerun to grade them)")
NOBODY = _("none")


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
    "loading": _("{file} could not be loaded ({detail}): fix it, then `grade {exercise}`."),
    "not_implemented": _(
        "Your {what} is not implemented yet: fill it in {file}, then `grade {exercise}`."
    ),
    "no_module": _(
        "There is no {file} to train: write your week 18 MLP there, then `grade {exercise}`."
    ),
    "import": _("{file} does not import ({detail}): fix it, then `grade {exercise}`."),
    "missing": _("{detail}: write it in {file}, then `grade {exercise}`."),
    "timeout": _(
        "Your {what} did not finish within {seconds:g} s (an endless loop?): fix it in "
        "{file}, then `grade {exercise}`."
    ),
    "error": _("Your {what} raised {detail}: fix it in {file}, then `grade {exercise}`."),
    "other": _("Your {what} failed: {detail}. Fix it in {file}, then `grade {exercise}`."),
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

REPORT_MOST_FREQUENT = _("Most frequent mistake")
REPORT_MOST_FREQUENT_TIED = _("Most frequent mistakes (tied)")
REPORT_OTHER_MISTAKES = _("Other mistakes")
REPORT_NOT_ATTEMPTED = _("not attempted {count}")
REPORT_WHO_FAILED = _("({students} of {failed} who failed):")
