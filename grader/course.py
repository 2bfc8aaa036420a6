"""The course file: the assignment's due date, its late policy and its names in the LMS.

`grade batch ... --course course.toml` reads it. Every key is optional:

    [assignment]
    name = "Week 18"                      # the feedback files' and the LMS columns' title
    due = 2026-11-20T23:59:00+01:00       # a TOML date-time; without it, nothing is late

    [late]
    grace_minutes = 15                    # up to 15 minutes late counts as on time
    percent_per_day = 10                  # per started day late (24 h from the due time)
    max_percent = 50                      # the penalty never exceeds this
    zero_after_days = 7                   # more than 7 days late scores 0

    [canvas]
    assignment = "Week 18 (123456)"       # Canvas's column name; "(id)" updates that assignment

    [moodle]
    grade_item = "Assignment: Week 18"    # the grade item's column name in Moodle
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from grader.registry import UsageError


@dataclass(frozen=True)
class LatePolicy:
    """How lateness costs points (percentages of the raw score)."""

    grace_minutes: float = 0.0
    percent_per_day: float = 0.0
    max_percent: float = 100.0
    zero_after_days: int | None = None


@dataclass(frozen=True)
class Course:
    """What the course file says; the defaults are a course file with nothing in it."""

    name: str = "Module 07"
    due: datetime | None = None
    late: LatePolicy = field(default_factory=LatePolicy)
    canvas_assignment: str = ""
    moodle_item: str = ""

    @property
    def canvas_column(self) -> str:
        return self.canvas_assignment or self.name

    @property
    def moodle_column(self) -> str:
        return self.moodle_item or f"Assignment: {self.name}"


def load_course(path: Path | None) -> Course:
    """Read a course file; None gives the defaults.

    Raises:
        UsageError: the file is missing, not TOML, or a value has the wrong type.
    """
    if path is None:
        return Course()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"cannot read the course file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML ({error})") from None
    try:
        return course_from(document)
    except (TypeError, ValueError) as error:
        raise UsageError(f"{path}: {error}") from None


def course_from(document: dict[str, Any]) -> Course:
    assignment = table(document, "assignment")
    late = table(document, "late")
    zero = late.get("zero_after_days")
    policy = LatePolicy(
        grace_minutes=number(late, "grace_minutes", 0.0),
        percent_per_day=number(late, "percent_per_day", 0.0),
        max_percent=number(late, "max_percent", 100.0),
        zero_after_days=None if zero is None else int(number(late, "zero_after_days", 0)),
    )
    return Course(
        name=text(assignment, "name", "Module 07"),
        due=due_date(assignment.get("due")),
        late=policy,
        canvas_assignment=text(table(document, "canvas"), "assignment", ""),
        moodle_item=text(table(document, "moodle"), "grade_item", ""),
    )


def table(document: dict[str, Any], key: str) -> dict[str, Any]:
    found = document.get(key, {})
    if not isinstance(found, dict):
        raise TypeError(f"[{key}] must be a table")
    return found


def number(values: dict[str, Any], key: str, default: float) -> float:
    found = values.get(key, default)
    if isinstance(found, bool) or not isinstance(found, int | float) or found < 0:
        raise ValueError(f"{key} must be a number of 0 or more, not {found!r}")
    return float(found)


def text(values: dict[str, Any], key: str, default: str) -> str:
    found = values.get(key, default)
    if not isinstance(found, str):
        raise TypeError(f"{key} must be a string, not {found!r}")
    return found


def due_date(value: Any) -> datetime | None:
    """A TOML date-time (or ISO string); without a time zone it is UTC, a bare date is 23:59:59."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59))
    if not isinstance(value, datetime):
        raise TypeError(f"due must be a date-time, not {value!r}")
    return value if value.tzinfo else value.replace(tzinfo=UTC)
