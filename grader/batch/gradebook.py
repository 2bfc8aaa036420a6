"""gradebook.csv: one row per student, points per exercise, total, late penalty, note."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from grader.batch.records import BatchResult, StudentGrade
from grader.batch.summary import checks_max
from grader.report import points
from grader.wording import exercise_kinds


def gradebook_rows(result: BatchResult) -> list[list[str]]:
    """Header, then one row per student: points per exercise, total, max, note.

    With a roster: `id`, `name`, `email` after `student`, and a row for each roster student
    without a submission. With a due date: `submitted`, `days_late`, `penalty` and `final`
    after `max` (`total` is the raw score).
    """
    roster = result.matching is not None
    late = result.course.due is not None
    exercises = result.exercises
    header = ["student", *(["id", "name", "email"] if roster else []), *(e.id for e in exercises),
              "total", "max", *(["submitted", "days_late", "penalty", "final"] if late else []),
              "note"]  # fmt: skip
    rows = [header]
    top = points(sum(checks_max(e.id) for e in exercises))
    for name, record in result.records.items():
        person = record.student
        who = [person.id, person.name, person.email] if person else ["", "", ""]
        scores = [points(record.scores[e.id]) if e.id in record.scores else "" for e in exercises]
        row = [name, *(who if roster else []), *scores, points(record.total), top]
        if late:
            row += late_cells(record)
        row.append(note(record, roster))
        rows.append(row)
    for person in result.matching.missing if result.matching else []:
        blank = [""] * len(exercises)
        row = ["", person.id, person.name, person.email, *blank, "0", top]
        rows.append([*row, *([""] * 4 if late else []), "no submission"])
    return rows


def late_cells(record: StudentGrade) -> list[str]:
    submitted = record.submitted
    when = submitted.time.isoformat(timespec="seconds") if submitted and submitted.time else ""
    if record.late is None:
        return [when, "", "", points(record.total)]
    late = record.late
    return [when, str(late.days), points(late.penalty), points(late.final)]


def note(record: StudentGrade, roster: bool) -> str:
    parts = [record.error] if record.error else []
    if roster and record.student is None:
        parts.append("not on the roster")
    if record.submitted is not None and record.submitted.warning:
        parts.append(f"submission time: {record.submitted.warning}")
    if record.late is not None and record.late.percent:
        parts.append(f"{record.late.days} day(s) late: -{record.late.percent:g}%")
    kinds = record.kinds if not record.error else {}
    if kinds:
        parts.append(exercise_kinds(kinds))
    return "; ".join(parts)


def write_gradebook(path: Path, result: BatchResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(gradebook_rows(result))
    os.replace(partial, path)
