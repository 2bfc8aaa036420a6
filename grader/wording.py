"""Every sentence people read about why a check failed, in one place.

`grade`'s text report, the notebook's `check()`, nbgrader's test cells, `grade batch`'s
summary, gradebook and class report, and the playground word a failure's kind
(`grader.verdicts.FailureKind`) through these functions, and the runner (grader/isolation/)
words how student code failed with the sentences here.

Each message is one format string, a constant marked with `grader.i18n.N_` and passed
through `_` where it is formatted, in the grading process: the text then follows
`grade --lang` or LANG (catalog: grader/locale/es/LC_MESSAGES/cli.po). The child process
that runs student code never translates: what it says is English plus a `said` record
(template and fields) that the grading process words again in its language (`reworded`).

The instructor's summaries (`grade batch`'s summary, gradebook and class report: the
labels, counts and "most frequent mistake" lines below) stay English and are not marked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from grader.i18n import N_, _
from grader.verdicts import MISSING_MODULE, PRECEDENCE, FailureKind, failure_kind

# ---- What a failed check says (stored as CheckResult.message) ------------------------------

NOT_IMPLEMENTED = N_("not implemented yet: `{function}` still raises NotImplementedError")
HUNG_EARLIER = N_("skipped: `{function}` hung in an earlier check")
WHILE_CALLING = N_("{reason} while calling `{function}`")
GRADER_ERROR = N_("internal grader error in {check} ({error}); please report it")
# English here (a constant the runner and the batch compare with); `interrupted()` words it.
INTERRUPTED = N_("not graded: interrupted")
COULD_NOT_GRADE = "could not grade this submission: {reason}"
UNKNOWN_FUNCTION = N_("this function")
ALL_CHECKS = N_("All checks")


def not_implemented(function: str | None) -> str:
    """A stub that still raises: `function` is the (Class.)function still to write."""
    return _(NOT_IMPLEMENTED).format(function=function or _(UNKNOWN_FUNCTION))


def hung_earlier(function: str) -> str:
    return _(HUNG_EARLIER).format(function=function)


def while_calling(reason: str, function: str) -> str:
    """A timeout that does not say where it ran, completed with the function called.

    A reason that already says where it ran (the runner's "... while running `f` (file:line)",
    in whichever language) is kept as it is.
    """
    if names_where(reason):
        return reason
    return _(WHILE_CALLING).format(reason=reason, function=function)


def grader_error(check: str, error: BaseException) -> str:
    return _(GRADER_ERROR).format(check=check, error=repr(error))


def interrupted() -> str:
    """ "not graded: interrupted", in the current language."""
    return _(INTERRUPTED)


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
    "loading": N_("{file} could not be loaded ({detail}): fix it, then `grade {exercise}`."),
    "not_implemented": N_(
        "Your {what} is not implemented yet: fill it in {file}, then `grade {exercise}`."
    ),
    "no_module": N_(
        "There is no {file} to train: write your week 18 MLP there, then `grade {exercise}`."
    ),
    "import": N_("{file} does not import ({detail}): fix it, then `grade {exercise}`."),
    "missing": N_("{detail}: write it in {file}, then `grade {exercise}`."),
    "timeout": N_(
        "Your {what} did not finish within {seconds:g} s (an endless loop?): fix it in "
        "{file}, then `grade {exercise}`."
    ),
    "error": N_("Your {what} raised {detail}: fix it in {file}, then `grade {exercise}`."),
    "other": N_("Your {what} failed: {detail}. Fix it in {file}, then `grade {exercise}`."),
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
    template = _(PLAYGROUND[playground_case(failure, loading)])
    return template.format(what=what, file=file, exercise=exercise, seconds=seconds,
                           detail=failure.describe())  # fmt: skip


# ---- The class report (report.html; the caller escapes) ------------------------------------

REPORT_MOST_FREQUENT = "Most frequent mistake"
REPORT_MOST_FREQUENT_TIED = "Most frequent mistakes (tied)"
REPORT_OTHER_MISTAKES = "Other mistakes"
REPORT_NOT_ATTEMPTED = "not attempted {count}"
REPORT_WHO_FAILED = "({students} of {failed} who failed):"


# ---- How student code failed, as the runner says it (grader/isolation/) --------------------
# The grading process words these with `_` (grader/isolation/worker.py).

IMPORT_ERROR = N_("{error} while importing {file}: {detail}")
EXITED_DURING_IMPORT = N_("exited during import ({detail})")
SANDBOX_NOT_CLOSED = N_("the sandbox could not close ({detail})")
TOO_MANY_PROCESSES = N_("started too many processes (limit {limit}, threads included)")
SENT_TOO_MUCH = N_("sent back more than {megabytes} MB")
SENT_GARBAGE = N_("sent back garbage ({detail})")
SENT_MALFORMED = N_("sent back a malformed result ({detail})")
OUT_OF_TURN = N_("answered out of turn (did the code write to the grader's pipe?); stopped it")
STOPPED_ANSWERING = N_("stopped answering")
WAS_STOPPED = N_("was stopped")
TIMED_OUT = N_("timed out after {seconds:g} s")
TIMED_OUT_WHERE = N_("timed out after {seconds:g} s while running {where}")
KILLED = N_("was killed (most likely it used more than {memory})")
SEGFAULT = N_("crashed with signal {signal} (a segmentation fault: recursion too deep?)")
CRASHED = N_("crashed with signal {signal}")
EXITED = N_("exited with status {code} (sys.exit or os._exit in student code)")
OUT_OF_MEMORY = N_("ran out of memory (limit {memory})")
RESULT_NOT_KEPT = N_("the child did not keep a result it was asked to")
VALUE_NOT_KEPT = N_("the child did not keep a value it was sent")


def missing_module(file: str) -> str:
    return _(MISSING_MODULE).format(file=file)


def timed_out(seconds: float, where: str = "") -> str:
    """ "timed out after 10 s", and where the student's code was running, when known."""
    if where:
        return _(TIMED_OUT_WHERE).format(seconds=seconds, where=where)
    return _(TIMED_OUT).format(seconds=seconds)


def names_where(reason: str) -> bool:
    """Does a timeout already say where it ran ("... while running `f` (file:line)")?"""
    between = re.escape(_(TIMED_OUT_WHERE)).split(re.escape("{seconds:g}"))[-1]
    return re.search(between.replace(re.escape("{where}"), ".+"), reason) is not None


def say(template: str, **fields: object) -> str:
    """`template` in the current language, formatted (the grading process's runner)."""
    return _(template).format(**fields)


# ---- What the child says (it never translates; the grading process rewords it) -------------

CALLED_EXIT = N_("called sys.exit({code})")
DEFINES_NO = N_("{file} defines no `{name}`")
HAS_NO_ATTRIBUTE = N_("{type} has no attribute `{name}`")
NESTED_TOO_DEEP = N_("the result is nested more than {depth} levels deep")
INTEGER_TOO_LARGE = N_("an integer too large to send back ({bits} bits)")
OBJECT_ARRAY = N_("an array of Python objects (dtype=object)")
ARRAYS_TOO_LARGE = N_(
    "the result is too large to send back ({size} MB of arrays; at most {limit} MB)"
)
TOO_LARGE = N_("the result is too large to send back ({detail})")
OUT_OF_MEMORY_SENDING = N_("ran out of memory while sending the result")
CANNOT_SEND = N_("the result cannot be sent back ({detail})")
BORROWED = N_("your code used {what} ({where}); write your own")
# What a borrowed answer was taken from (the `what` of BORROWED).
REFERENCE_SOLUTIONS = N_("the reference solutions")
HIDDEN_CHECKS = N_("the grader's hidden checks")
TEST_ANSWERS = N_("the grader's test answers")

CHILD_SENTENCES = frozenset(
    {CALLED_EXIT, DEFINES_NO, HAS_NO_ATTRIBUTE, NESTED_TOO_DEEP, INTEGER_TOO_LARGE,
     OBJECT_ARRAY, ARRAYS_TOO_LARGE, TOO_LARGE, OUT_OF_MEMORY_SENDING, CANNOT_SEND, BORROWED}
)  # fmt: skip
SOURCES = frozenset({REFERENCE_SOLUTIONS, HIDDEN_CHECKS, TEST_ANSWERS})


def said(template: str, **fields: object) -> dict[str, Any]:
    """What the child sends for one of CHILD_SENTENCES: the template and its fields as text."""
    return {"template": template, "fields": {key: str(value) for key, value in fields.items()}}


def english(record: Mapping[str, Any]) -> str:
    """The English sentence of a `said` record."""
    return str(record["template"]).format(**record["fields"])


def reworded(record: object, english_text: object) -> str:
    """A `said` record from the child, worded in the current language (grading process).

    The child is not trusted: a record that is not one of CHILD_SENTENCES with text fields
    that fit gives back `english_text`, what the child said in English.
    """
    fallback = str(english_text)
    if not isinstance(record, dict) or record.get("template") not in CHILD_SENTENCES:
        return fallback
    fields = record.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        return fallback
    words = {str(key): _(value) if value in SOURCES else value for key, value in fields.items()}
    try:
        return _(str(record["template"])).format(**words)
    except (KeyError, IndexError, ValueError):
        return fallback


def borrowed(what: str, where: str) -> str:
    """ "your code used the reference solutions (solutions/week18/x.py); write your own",
    in the current language (the grading process's static scan)."""
    return _(BORROWED).format(what=_(what) if what in SOURCES else what, where=where)
