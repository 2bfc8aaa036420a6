"""Reports: what `grade` prints, as text for people or as Gradescope's results.json."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

from grader.answers import WrittenAnswer
from grader.checks.spec import Spec
from grader.i18n import N_, _
from grader.registry import EXERCISES, WEEKS
from grader.verdicts import FailureKind, leading_kind
from grader.wording import check_line

# The label discover() gives the default submission: no --submission needed to repeat it.
DEFAULT_SUBMISSION = "exercises/"


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check.

    Attributes:
        kind: why it failed (None when it passed). A failure made without one is a
            check's diagnosis, MISTAKE.
    """

    name: str
    title: str
    points: float
    max_points: float
    passed: bool
    message: str = ""
    kind: FailureKind | None = None

    def __post_init__(self) -> None:
        if self.passed:
            object.__setattr__(self, "kind", None)
        elif self.kind is None:
            object.__setattr__(self, "kind", FailureKind.MISTAKE)


@dataclass
class ExerciseResult:
    """All checks of one exercise, plus what the student's code printed."""

    exercise: Spec
    checks: list[CheckResult]
    seconds: float = 0.0
    output: str = ""

    @property
    def score(self) -> float:
        return sum(check.points for check in self.checks)

    @property
    def max_score(self) -> float:
        return sum(check.max_points for check in self.checks)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)

    @property
    def kind(self) -> FailureKind | None:
        """Why the exercise failed, summed up from its checks (None when it passed)."""
        return leading_kind(check.kind for check in self.checks)

    def feedback(self, printed_by: dict[str, str] | None = None) -> str:
        """The failed checks' messages, one per line, then the captured output.

        Args:
            printed_by: output already shown -> the exercise that printed it. Output seen
                before (a shared module's prints, once per exercise) becomes one line that
                points back to it; new output is added to it.
        """
        lines = [
            check_line(check.title, False, check.message)
            for check in self.checks
            if not check.passed
        ]
        output = self.output.rstrip()
        if not output.strip():
            return "\n".join(lines)
        first = None if printed_by is None else printed_by.setdefault(output, self.exercise.id)
        if first is not None and first != self.exercise.id:
            lines.append(_("Your code printed the same as under {first} (shown there).").format(
                first=first))  # fmt: skip
        else:
            lines.append(_("Your code printed:"))
            lines.extend(f"  | {line}" for line in output.splitlines())
        return "\n".join(lines)


@dataclass
class Report:
    """A whole `grade` run."""

    results: list[ExerciseResult]
    seed: int
    submission: str
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    answers: list[WrittenAnswer] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(result.score for result in self.results)

    @property
    def max_score(self) -> float:
        return sum(result.max_score for result in self.results)

    @property
    def passed(self) -> bool:
        return all(result.passed for result in self.results)


def points(value: float) -> str:
    return f"{value:g}"


# The note about a weaker sandbox (grader.grade adds it), and how it starts in English.
SANDBOX = N_("sandbox: {mode}")
SANDBOX_NOTE = SANDBOX.split("{", 1)[0].rstrip()
HEADER = N_("Grading {submission} (seed {seed})")
NOTE = N_("note: {note}")
PASSED = N_("✓ passed")
FAILED = N_("✗ failed")
TOTAL = N_(
    "Total: {score}/{max_score} points, {passed}/{exercises} exercises passed in {seconds:.1f} s; "
    "same inputs again: {command}"
)
WRITTEN_ANSWERS = N_("Written answers (graded by hand):")
NOT_WRITTEN = N_("{title} ({notebook}): not written")
ALL_PASSED = N_("All checks passed.")
REPRODUCE = N_("seed {seed}; reproduce with: {command}")


def sandbox_note(mode: str) -> str:
    """The note that says the sandbox is weaker than usual (`mode`: how it is)."""
    return _(SANDBOX).format(mode=mode)


def is_sandbox_note(note: str) -> bool:
    """Is `note` the sandbox's (in English or the current language)? It is said up front."""
    return note.startswith((SANDBOX_NOTE, _(SANDBOX).split("{", 1)[0].rstrip()))


def note_line(note: str) -> str:
    return _(NOTE).format(note=note)


def paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def render_text(report: Report, color: bool = False) -> str:
    """One row per exercise, then the feedback of each failure, then the total."""
    green, red, bold, dim = "32", "31", "1", "2"
    header = _(HEADER).format(submission=report.submission, seed=report.seed)
    lines = [paint(header, bold, color)]
    # A weaker sandbox than usual is said up front, not in the notes at the end.
    header_notes = [note for note in report.notes if is_sandbox_note(note)]
    lines += [paint(note_line(note), dim, color) for note in header_notes] + [""]
    # Exercise and answer titles are the notebooks' headings: their catalog translates them.
    width = max((len(_(r.exercise.title)) for r in report.results), default=10)
    for result in report.results:
        if result.passed:
            verdict = paint(_(PASSED), green, color)
        else:
            verdict = paint(_(FAILED), red, color)
        score = f"{points(result.score)}/{points(result.max_score)}"
        lines.append(
            f"  {result.exercise.id:<12} {_(result.exercise.title):<{width}}  {verdict}  {score:>7}"
        )
    lines.extend(answer_lines(report.answers, color))
    failures = [result for result in report.results if not result.passed or result.output.strip()]
    printed_by: dict[str, str] = {}
    for result in failures:
        lines += ["", paint(f"{result.exercise.id} {_(result.exercise.title)}", bold, color)]
        lines.extend(f"  {line}" for line in result.feedback(printed_by).splitlines())
    for note in report.notes:
        if note not in header_notes:
            lines += ["", paint(note_line(note), dim, color)]
    passed = sum(result.passed for result in report.results)
    total = _(TOTAL).format(
        score=points(report.score), max_score=points(report.max_score), passed=passed,
        exercises=len(report.results), seconds=report.seconds, command=reproduce_command(report),
    )  # fmt: skip
    return "\n".join([*lines, "", paint(total, bold, color)])


def targets_of(exercises: list[Spec]) -> list[str]:
    """The shortest targets that name exactly these exercises: "all", whole weeks, ids."""
    ids = {exercise.id for exercise in exercises}
    if ids == {exercise.id for exercise in EXERCISES}:
        return ["all"]
    targets: list[str] = []
    for week in WEEKS:
        of_week = [exercise.id for exercise in EXERCISES if exercise.week == week]
        if set(of_week) <= ids:
            targets.append(week)
        else:
            targets += [exercise_id for exercise_id in of_week if exercise_id in ids]
    return targets


def reproduce_command(report: Report) -> str:
    """The whole `grade` command that grades the same exercises of the same submission on
    the same inputs (the seed)."""
    words = ["grade", *targets_of([result.exercise for result in report.results])]
    if report.submission != DEFAULT_SUBMISSION:
        words += ["--submission", report.submission]
    words += ["--seed", str(report.seed)]
    return shlex.join(words)


def answer_lines(answers: list[WrittenAnswer], color: bool = False) -> list[str]:
    """Which written answers are filled in (a person grades what they say)."""
    if not answers:
        return []
    lines = ["", _(WRITTEN_ANSWERS)]
    for answer in answers:
        if answer.filled:
            lines.append(f"  {paint('✓', '32', color)} {_(answer.title)} ({answer.notebook})")
        else:
            cross = paint("✗", "31", color)
            missing = _(NOT_WRITTEN).format(title=_(answer.title), notebook=answer.notebook)
            lines.append(f"  {cross} {missing}")
    return lines


def to_gradescope(report: Report) -> dict[str, Any]:
    """Gradescope's results.json: one test per exercise."""
    printed_by: dict[str, str] = {}
    tests = [
        {
            "name": f"{result.exercise.id} {result.exercise.title}",
            "number": result.exercise.id,
            "score": result.score,
            "max_score": result.max_score,
            "status": "passed" if result.passed else "failed",
            "output": result.feedback(printed_by) or _(ALL_PASSED),
            "visibility": "visible",
        }
        for result in report.results
    ]
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": "\n".join(
            [_(REPRODUCE).format(seed=report.seed, command=reproduce_command(report))]
            + [note_line(note) for note in report.notes if is_sandbox_note(note)]
            + answer_lines(report.answers)
        ),
        "tests": tests,
    }
