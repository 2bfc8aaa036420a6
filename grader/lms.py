"""Grade import files for Canvas and Moodle, from a batch and its roster.

Canvas (Grades > Import): the columns of Canvas's own gradebook export, `Student`, `ID`,
`SIS User ID`, `SIS Login ID`, `Section`, then one column per assignment named as in
Canvas ("Week 18 (123456)" updates assignment 123456; a new name creates an assignment).
Canvas needs one of Student, ID or SIS User ID to find the student.

Moodle (Grades > Import > CSV file): Moodle imports the format it exports: `First name`,
`Surname`, `ID number`, `Institution`, `Department`, `Email address`, then the grade item
("Assignment: Week 18") and its feedback ("Feedback: Week 18"). On import, map
"Email address" to `useremail` (or "ID number" to `useridnumber`) and the item's column
to the grade item.

Both hold the final score (after a late penalty). A student on the roster without a
submission gets an empty cell: no score is written for them (enter 0 by hand if that is
your rule).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from grader.report import points
from grader.roster import Student

if TYPE_CHECKING:
    from grader.batch import BatchResult, StudentGrade

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MOODLE_COLUMNS = ("First name", "Surname", "ID number", "Institution", "Department",
                  "Email address")  # fmt: skip


def split_name(name: str) -> tuple[str, str]:
    """(first, last) of "First Last" or "Last, First"."""
    if "," in name:
        last, _, first = name.partition(",")
        return first.strip(), last.strip()
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


def canvas_name(name: str) -> str:
    """Canvas's Student column reads "Last, First"."""
    first, last = split_name(name)
    return f"{last}, {first}" if first and last else name


def by_student(result: BatchResult) -> list[tuple[Student, StudentGrade | None]]:
    """Every roster student, in roster order, with their grade (None: no submission)."""
    assert result.matching is not None
    graded = {student.id: result.records.get(folder)
              for folder, student in result.matching.students.items()}  # fmt: skip
    everyone = [*result.matching.students.values(), *result.matching.missing]
    order = {student.id: index for index, student in enumerate(result.roster_order)}
    everyone.sort(key=lambda student: order.get(student.id, len(order)))
    return [(student, graded.get(student.id)) for student in everyone]


def score(record: StudentGrade | None) -> str:
    return "" if record is None else points(record.final)


def canvas_rows(result: BatchResult) -> list[list[str]]:
    rows = [[*CANVAS_COLUMNS, result.course.canvas_column]]
    for student, record in by_student(result):
        rows.append([
            canvas_name(student.name), student.canvas_id, student.id,
            student.sis_login_id or student.email, student.section, score(record),
        ])  # fmt: skip
    return rows


def moodle_feedback(record: StudentGrade | None) -> str:
    if record is None:
        return ""
    top = points(sum(record.max_scores.values()))
    text = f"{points(record.total)}/{top} autograded points"
    if record.late is not None and record.late.penalty:
        text += f", late {record.late.days} day(s): -{points(record.late.penalty)}"
    return text


def moodle_rows(result: BatchResult) -> list[list[str]]:
    item = result.course.moodle_column
    feedback = "Feedback: " + item.partition(": ")[2] if ": " in item else f"Feedback: {item}"
    rows = [[*MOODLE_COLUMNS, item, feedback]]
    for student, record in by_student(result):
        first, last = split_name(student.name)
        rows.append([first, last, student.id, "", "", student.email, score(record),
                     moodle_feedback(record)])  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def write_exports(out: Path, result: BatchResult) -> None:
    """canvas.csv and moodle.csv in `out`."""
    write_csv(out / "canvas.csv", canvas_rows(result))
    write_csv(out / "moodle.csv", moodle_rows(result))
