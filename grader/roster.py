"""The class roster: who the students are, and which submission folder is whose.

A roster is a CSV file with a header row. Columns (names are case-insensitive; only
`id` is required):

- `id`: the student's id at your institution (Canvas "SIS User ID", Moodle "ID number");
- `name`: "First Last" or "Last, First";
- `email`;
- `folder`: the submission folder or notebook name, when none of the rules below finds it;
- `section`, `canvas_id`, `sis_login_id`: copied into the Canvas export when present.

A submission folder (or notebook, without `.ipynb`) matches a student when, compared
without case, spaces and punctuation, it equals their `folder`, `id`, email, the part of
the email before `@`, or name (either order); or when an LMS download named it: Canvas's
`lastfirst_<canvas_id>_...` and Moodle's `First Last_<number>_assignsubmission_...`
(the part before the first `_` is the name, a part that is all digits an id). A folder
that matches no student, or more than one, is reported and graded under its own name.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from grader.registry import UsageError

COLUMNS = ("id", "name", "email", "folder", "section", "canvas_id", "sis_login_id")
NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Student:
    """One roster row."""

    id: str
    name: str = ""
    email: str = ""
    folder: str = ""
    section: str = ""
    canvas_id: str = ""
    sis_login_id: str = ""

    def keys(self) -> set[str]:
        """What a folder named after this student may be called, normalised."""
        found = {self.id, self.folder, self.email, self.email.partition("@")[0], self.name,
                 self.canvas_id, self.sis_login_id}  # fmt: skip
        if "," in self.name:  # "Last, First"
            last, _, first = self.name.partition(",")
            found |= {f"{first} {last}", f"{last} {first}"}
        else:
            parts = self.name.split()
            if len(parts) > 1:
                found.add(" ".join([*parts[1:], parts[0]]))  # Canvas: lastfirst
        return {key for key in map(normal, found) if key}


@dataclass
class Matching:
    """Submission folders matched to roster students.

    Attributes:
        students: folder name -> roster student.
        unmatched: folder names that are no student's (or several students').
        missing: roster students without a submission.
        ambiguous: folder name -> the ids it could be.
    """

    students: dict[str, Student]
    unmatched: list[str]
    missing: list[Student]
    ambiguous: dict[str, list[str]]

    def lines(self) -> list[str]:
        """What `grade batch` prints about the roster."""
        out = []
        for folder in self.unmatched:
            could = self.ambiguous.get(folder)
            why = f"matches several students: {', '.join(could)}" if could else "not on the roster"
            out.append(f"  roster: submission {folder!r} is {why}")
        for student in self.missing:
            out.append(f"  roster: no submission from {student.id} {student.name}".rstrip())
        return out


def normal(text: str) -> str:
    return NOT_ALNUM.sub("", text.casefold())


def read_roster(path: Path) -> list[Student]:
    """The students of a roster CSV, in its order.

    Raises:
        UsageError: no such file, no `id` column, an empty or repeated id.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"cannot read the roster {path}: {error.strerror}") from None
    reader = csv.DictReader(text.splitlines())
    header = {name.strip().casefold(): name for name in reader.fieldnames or []}
    if "id" not in header:
        raise UsageError(f"{path}: the roster needs an `id` column (found: {', '.join(header)})")
    students: list[Student] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        values = {key: (row.get(header[key]) or "").strip() for key in COLUMNS if key in header}
        if not values["id"]:
            raise UsageError(f"{path}:{number}: a row without an id")
        if values["id"] in seen:
            raise UsageError(f"{path}:{number}: id {values['id']} appears twice")
        seen.add(values["id"])
        students.append(Student(**values))
    return students


def folder_keys(folder: str) -> set[str]:
    """The names a submission folder may stand for: itself, and the parts of an LMS name."""
    keys = {normal(folder)}
    parts = folder.split("_")
    if len(parts) > 1:
        keys.add(normal(parts[0]))
        keys |= {part for part in parts[1:] if part.isdigit()}
    return {key for key in keys if key}


def match(folders: list[str], roster: list[Student]) -> Matching:
    """Match submission folders to roster students (see the module docstring)."""
    by_key: dict[str, set[str]] = {}
    by_id = {student.id: student for student in roster}
    for student in roster:
        for key in student.keys():
            by_key.setdefault(key, set()).add(student.id)
    students: dict[str, Student] = {}
    unmatched: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    for folder in folders:
        exact = by_key.get(normal(folder), set())
        found = exact or set().union(*(by_key.get(key, set()) for key in folder_keys(folder)))
        if len(found) == 1:
            students[folder] = by_id[next(iter(found))]
        else:
            unmatched.append(folder)
            if found:
                ambiguous[folder] = sorted(found)
    taken = {student.id for student in students.values()}
    missing = [student for student in roster if student.id not in taken]
    return Matching(students, unmatched, missing, ambiguous)
