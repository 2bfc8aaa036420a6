"""Reports: what `grade` prints, as text for people or as Gradescope's results.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader.answers import Answer
from grader.exercises import Exercise


@dataclass(frozen=True)
class CheckResult:
    """The verdict of one check."""

    name: str
    title: str
    points: float
    max_points: float
    passed: bool
    message: str = ""


@dataclass
class ExerciseResult:
    """All checks of one exercise, plus what the student's code printed."""

    exercise: Exercise
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

    def feedback(self) -> str:
        """The failed checks' messages, one per line, then the captured output."""
        lines = [f"✗ {check.title}: {check.message}" for check in self.checks if not check.passed]
        if self.output.strip():
            lines.append("Your code printed:")
            lines.extend(f"  | {line}" for line in self.output.rstrip().splitlines())
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


def paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def render_text(report: Report, color: bool = False) -> str:
    """One row per exercise, then the feedback of each failure, then the total."""
    green, red, bold, dim = "32", "31", "1", "2"
    lines = [paint(f"Grading {report.submission} (seed {report.seed})", bold, color), ""]
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
    for result in failures:
        lines += ["", paint(f"{result.exercise.id} {result.exercise.title}", bold, color)]
        lines.extend(f"  {line}" for line in result.feedback().splitlines())
    for note in report.notes:
        lines += ["", paint(f"note: {note}", dim, color)]
    passed = sum(result.passed for result in report.results)
    lines += [
        "",
        paint(
            f"Total: {points(report.score)}/{points(report.max_score)} points, "
            f"{passed}/{len(report.results)} exercises passed in {report.seconds:.1f} s "
            f"(reproduce with --seed {report.seed})",
            bold,
            color,
        ),
    ]
    return "\n".join(lines)


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
    tests = [
        {
            "name": f"{result.exercise.id} {result.exercise.title}",
            "number": result.exercise.id,
            "score": result.score,
            "max_score": result.max_score,
            "status": "passed" if result.passed else "failed",
            "output": result.feedback() or "All checks passed.",
            "visibility": "visible",
        }
        for result in report.results
    ]
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 3),
        "output": "\n".join(
            [f"seed {report.seed}; reproduce with: grade --seed {report.seed}"]
            + answer_lines(report.answers)
        ),
        "tests": tests,
    }
