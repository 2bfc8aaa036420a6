"""The results cache (OUT_DIR/cache.json): one entry per (student, exercise).

Each entry holds the exercise's key (`Snapshot.key`) and every check's verdict with its
kind, so a rerun reuses a grade, and its summary, without grading or reading messages.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from grader.batch.fingerprints import CACHE_FORMAT
from grader.batch.records import Outcome, StudentGrade
from grader.batch.snapshots import Snapshot, student_answers, student_seed
from grader.checks.spec import Spec
from grader.registry import BY_ID, EXERCISES
from grader.report import CheckResult, ExerciseResult
from grader.verdicts import parse_kind


def reusable(cache: dict[str, Any], name: str, exercise_id: str, key: str) -> bool:
    """Whether the cache holds this student's exercise under an unchanged key."""
    entry = cache.get(name, {}).get("exercises", {}).get(exercise_id)
    return isinstance(entry, dict) and entry.get("key") == key and "checks" in entry


def encode_result(result: ExerciseResult, key: str) -> dict[str, Any]:
    """A result as JSON: each check as [name, title, points, max, passed, message, kind]."""
    checks = [
        [c.name, c.title, c.points, c.max_points, c.passed, c.message, c.kind and c.kind.value]
        for c in result.checks
    ]
    return {"key": key, "checks": checks, "seconds": result.seconds, "output": result.output}


def decode_check(item: list[Any]) -> CheckResult:
    """One check of a cache entry; one written before kinds (six fields) fails as MISTAKE."""
    name, title, earned, top, passed, message = item[:6]
    kind = parse_kind(item[6] if len(item) > 6 else None, bool(passed))
    return CheckResult(str(name), str(title), float(earned), float(top), bool(passed),
                       str(message), kind)  # fmt: skip


def decode_result(exercise: Spec, entry: dict[str, Any]) -> ExerciseResult:
    checks = [decode_check(item) for item in entry["checks"]]
    return ExerciseResult(exercise, checks, float(entry["seconds"]), str(entry["output"]))


def save_outcome(
    out: Path, outcome: Outcome, keys: dict[str, str], cache: dict[str, Any], seed: int
) -> None:
    """Merge one student's newly graded exercises into the cache, as soon as they are known."""
    entry = cache.setdefault(outcome.name, {"exercises": {}, "notes": [], "error": ""})
    for result in outcome.results:
        entry["exercises"][result.exercise.id] = encode_result(result, keys[result.exercise.id])
    entry["notes"], entry["error"] = outcome.notes, outcome.error
    save_cache(out, cache)


def grade_from_cache(
    shot: Snapshot, entry: dict[str, Any], submissions: Path, seed: int
) -> StudentGrade:
    """A student's merged grade: every cached exercise, their notes and written answers."""
    results = {
        exercise.id: decode_result(exercise, entry["exercises"][exercise.id])
        for exercise in EXERCISES
        if exercise.id in entry.get("exercises", {})
    }
    weeks = sorted({BY_ID[i].week for i in results})
    answers = student_answers(submissions / shot.entry, weeks) if not shot.error else []
    notes = list(entry.get("notes", []))
    error = str(entry.get("error", ""))
    return StudentGrade(shot.name, results, notes, error, answers, student_seed(seed, shot.name))


def results_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def load_cache(out: Path) -> dict[str, Any]:
    try:
        document = json.loads((out / "cache.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    students = document.get("students")
    return dict(students) if isinstance(students, dict) else {}


def save_cache(out: Path, students: dict[str, Any]) -> None:
    write_json(out / "cache.json", {"format": CACHE_FORMAT, "students": students})


def write_json(path: Path, document: Any) -> None:
    """Write atomically: an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
