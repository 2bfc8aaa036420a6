"""The class summary: averages, pass counts, why students failed and the most frequent
mistakes per exercise, as summary.json and as the text `grade batch` prints."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from grader.batch.records import BatchResult, StudentGrade
from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.report import CheckResult, points
from grader.verdicts import FailureKind, is_mistake
from grader.wording import (
    failures_by_kind,
    most_frequent,
    not_attempted_count,
    ungradable,
)

NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")


def checks_max(exercise_id: str) -> float:
    return sum(check.points for check in checks_for(exercise_id))


def normalise(message: str) -> str:
    """A message with its numbers blanked, so random inputs don't split one mistake in two."""
    return " ".join(NUMBER.sub("#", message).split())


def mistakes(failed_checks: list[CheckResult]) -> dict[str, tuple[str, str]]:
    """normalised message -> (check title, message) of a student's real mistakes in one exercise.

    Checks not attempted, and those skipped or interrupted because of something else, are
    not mistakes (`grader.verdicts.is_mistake`).
    """
    found: dict[str, tuple[str, str]] = {}
    for check in failed_checks:
        if is_mistake(check.kind):
            found.setdefault(normalise(check.message), (check.title, check.message))
    return found


def exercise_summary(records: dict[str, StudentGrade], exercise: Spec) -> dict[str, Any]:
    """Average, pass count and the most frequent diagnostics of one exercise."""
    graded = [r for r in records.values() if exercise.id in r.results]
    scores = [record.scores[exercise.id] for record in graded]
    failing = [r.failures.get(exercise.id, []) for r in graded if not r.passed[exercise.id]]
    diagnostics = rank_diagnostics(failing, exercise)
    kinds = Counter(r.kinds[exercise.id].value for r in graded if exercise.id in r.kinds)
    top = [d for d in diagnostics if d["students"] == diagnostics[0]["students"]]
    return {
        "id": exercise.id, "title": exercise.title, "graded": len(graded),
        "average": round(sum(scores) / len(scores), 3) if scores else 0.0,
        "max_score": checks_max(exercise.id),
        "passed": len(graded) - len(failing), "failed": len(failing),
        "not_attempted": kinds[FailureKind.NOT_ATTEMPTED.value],
        "kinds": dict(sorted(kinds.items())),
        "most_frequent_diagnostic": diagnostics[0] if diagnostics else None,
        "most_frequent_diagnostics": top if diagnostics else [],
        "diagnostics": diagnostics,
        "scores": scores,
    }  # fmt: skip


def rank_diagnostics(
    failing: list[list[CheckResult]], exercise: Spec, keep: int = 5
) -> list[dict[str, Any]]:
    """The most frequent mistakes among the failing students.

    Each student counts once per (normalised) message. The order is fixed: count, then the
    check's place in the suite, then the message; all mistakes tied with the `keep`-th
    are kept, so a tie is shown rather than broken.
    """
    order = {check.title: index for index, check in enumerate(checks_for(exercise.id))}
    counts: Counter[str] = Counter()
    examples: dict[str, tuple[str, str]] = {}
    for failed_checks in failing:
        found = mistakes(failed_checks)
        counts.update(found.keys())
        for key, example in found.items():
            examples.setdefault(key, example)

    def rank(key: str) -> tuple[int, int, str]:
        return -counts[key], order.get(examples[key][0], len(order)), key

    ranked = sorted(counts, key=rank)
    if len(ranked) > keep:
        last = counts[ranked[keep - 1]]
        ranked = [key for key in ranked if counts[key] >= last]
    diagnostics = [
        {"message": examples[key][1], "check": examples[key][0], "students": counts[key]}
        for key in ranked
    ]
    return diagnostics


def summarize(records: dict[str, StudentGrade], exercises: list[Spec], seed: int) -> dict[str, Any]:
    """The class summary written to summary.json and printed at the end of a run."""
    totals = [record.total for record in records.values()]
    per_exercise = [exercise_summary(records, exercise) for exercise in exercises]
    return {
        "students": len(records),
        "seed": seed,
        "average_total": round(sum(totals) / len(totals), 3) if totals else 0.0,
        "max_total": sum(item["max_score"] for item in per_exercise),
        "exercises": per_exercise,
        "seconds": {name: round(r.seconds, 3) for name, r in records.items()},
        "ungradable": {name: r.error for name, r in records.items() if r.error},
    }


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_summary(summary: dict[str, Any]) -> str:
    """The summary as text: one block per exercise, then the class total."""
    students = summary["students"]
    lines = [f"Class summary: {plural(students, 'student')} (seed {summary['seed']})"]
    for item in summary["exercises"]:
        average = f"{item['average']:.1f}/{points(item['max_score'])}"
        lines.append(
            f"  {item['id']:<8} {item['title']:<30} average {average:<9} "
            f"{item['passed']}/{item['graded']} passed"
        )
        top = most_frequent(item["most_frequent_diagnostics"], item["failed"])
        lines += [f"           {line}" for line in top[:1]]
        lines += [f"             {line}" for line in top[1:]]
        if item["not_attempted"]:
            lines.append(f"           {not_attempted_count(item['not_attempted'])}")
        if item.get("kinds"):
            lines.append(f"           {failures_by_kind(item['kinds'])}")
    for name, error in summary["ungradable"].items():
        lines.append(f"  {ungradable(name, error)}")
    lines.append(
        f"  Class average: {summary['average_total']:.1f}/{points(summary['max_total'])} points"
    )
    return "\n".join(lines)


def written_files(result: BatchResult, out: Path) -> list[str]:
    """The files besides the gradebook that an instructor takes away."""
    names = ["canvas.csv", "moodle.csv", "report.html", "feedback"]
    return [f"  wrote {out / name}" for name in names if (out / name).exists()]


def final_line(result: BatchResult, out: Path) -> str:
    rate = len(result.graded) / result.seconds if result.seconds > 0 else 0.0
    return (
        f"Graded {plural(len(result.graded), 'student')} ({len(result.skipped)} unchanged, "
        f"skipped) in {result.seconds:.1f} s, {rate:.2f} submissions/s; "
        f"gradebook: {out / 'gradebook.csv'}"
    )
