"""Reports: what `grade` prints, as text for people or as Gradescope's results.json."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

from grader.answers import Answer
from grader.checks.spec import Spec
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
            lines.append(f"Your code printed the same as under {first} (shown there).")
        else:
            lines.append("Your code printed:")
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
    answers: list[Answer] = field(default_factory=list)

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


# How the note about a weaker sandbox starts (grader.grade adds it).
SANDBOX_NOTE = "sandbox:"


def paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def render_text(report: Report, color: bool = False) -> str:
    """One row per exercise, then the feedback of each failure, then the total."""
    green, red, bold, dim = "32", "31", "1", "2"
    lines = [paint(f"Grading {report.submission} (seed {report.seed})", bold, color)]
    # A weaker sandbox than usual is said up front, not in the notes at the end.
    header_notes = [note for note in report.notes if note.startswith(SANDBOX_NOTE)]
    lines += [paint(f"note: {note}", dim, color) for note in header_notes] + [""]
    width = max((len(r.exercise.title) for r in report.results), default=10)
    for result in report.results:
        if result.passed:
            verdict = paint("✓ passed", green, color)
        else:
            verdict = paint("✗ failed", red, color)
        score = f"{points(result.score)}/{points(result.max_score)}"
        lines.append(
            f"  {result.exercise.id:<12} {result.exercise.title:<{width}}  {verdict}  {score:>7}"
        )
    lines.extend(answer_lines(report.answers, color))
    failures = [result for result in report.results if not result.passed or result.output.strip()]
    printed_by: dict[str, str] = {}
    for result in failures:
        lines += ["", paint(f"{result.exercise.id} {result.exercise.title}", bold, color)]
        lines.extend(f"  {line}" for line in result.feedback(printed_by).splitlines())
    for note in report.notes:
        if note not in header_notes:
            lines += ["", paint(f"note: {note}", dim, color)]
    passed = sum(result.passed for result in report.results)
    lines += [
        "",
        paint(
            f"Total: {points(report.score)}/{points(report.max_score)} points, "
            f"{passed}/{len(report.results)} exercises passed in {report.seconds:.1f} s; "
            f"same inputs again: {reproduce_command(report)}",
            bold,
            color,
        ),
    ]
    return "\n".join(lines)


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


def answer_lines(answers: list[Answer], color: bool = False) -> list[str]:
    """Which written answers are filled in (a person grades what they say)."""
    if not answers:
        return []
    lines = ["", "Written answers (graded by hand):"]
    for answer in answers:
        if answer.filled:
            lines.append(f"  {paint('✓', '32', color)} {answer.title} ({answer.notebook})")
        else:
            cross = paint("✗", "31", color)
            lines.append(f"  {cross} {answer.title} ({answer.notebook}): not written")
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
            "output": result.feedback(printed_by) or "All checks passed.",
            "visibility": "visible",
        }
        for result in report.results
    ]
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": "\n".join(
            [f"seed {report.seed}; reproduce with: {reproduce_command(report)}"]
            + [f"note: {note}" for note in report.notes if note.startswith(SANDBOX_NOTE)]
            + answer_lines(report.answers)
        ),
        "tests": tests,
    }
