"""`grade rubric`: the module's rows of the course rubric (`rubrica.csv`, scope `M07`).

The module names its rubric `study_tools/RUBRICA_v1.md`, scope `M07` in `rubrica.csv`,
closing in week 20. This writes one row per criterion and student: each section of the
completion checklist (workbook.checklist), then each deliverable of the module
(`neural_network.py`, `overfit_test.py`, the PyTorch CNN training). Columns (`COLUMNS`):

- `scope`: `M07` (a later module appends its own scope to the same file);
- `student`: the submission's name (or `--student`);
- `criterion`: a stable id, `checklist/<section>` or `deliverable/<name>`;
- `title`: what the criterion asks;
- `score`, `max_score`: checklist items proven out of those that can be (an item is
  proven by passing its exercises, by its written answers being filled in, or by mypy /
  pytest passing); for a deliverable, the points of its exercise;
- `status`: `met`, `partial`, `not met`, `to grade by hand` (written answers are all in; a
  person grades what they say) or `not graded` (the exercise was not graded);
- `evidence`: what the score rests on: exercises with their points, answers written or
  not, tool results, and the self-assessed items left to the student.

Writing to an existing file replaces that file's rows with the same scope and student
and keeps every other row, so each module (and each rerun) updates only its own rows.

    grade rubric [--submission PATH] [--student NAME] [-o rubrica.csv]   one student
    grade rubric --grades OUT_DIR SUBMISSIONS_DIR [-o rubrica.csv]       a graded class
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from grader.cli import EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.registry import BY_ID, EXERCISES, UsageError
from grader.report import ExerciseResult, points
from workbook.checklist import CHECKLIST, Item

SCOPE = "M07"
TOOL_TIMEOUT = 300.0
COLUMNS = ("scope", "student", "criterion", "title", "score", "max_score", "status", "evidence")
DELIVERABLES = (
    ("deliverable/neural_network.py", "neural_network.py: MLP forward and backward, "
     "SGD / Momentum / Adam, XOR training demo", "mlp"),
    ("deliverable/overfit_test.py", "overfit_test.py: memorisation test on a tiny data set "
     "(near-zero loss)", "overfit"),
    ("deliverable/cnn-training", "CNN practical training: scripts/train_cnn_pytorch.py "
     "trains the PyTorch LeNet", "cnn-train"),
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """What one student's rubric rows are scored from.

    Attributes:
        results: exercise id -> result, for the exercises that were graded.
        filled: ids of the written answers that are filled in.
        tools: "mypy" / "pytest" -> (passed, detail); absent when not run.
    """

    results: dict[str, ExerciseResult]
    filled: frozenset[str]
    tools: dict[str, tuple[bool, str]]


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def item_state(item: Item, evidence: Evidence) -> tuple[str, str]:
    """("done" | "written" | "todo" | "unknown" | "self", evidence text) of one item."""
    if item.self_assessed:
        return "self", ""
    if item.tool:
        if item.tool not in evidence.tools:
            return "unknown", f"{item.tool} not run"
        ok, detail = evidence.tools[item.tool]
        return ("done" if ok else "todo"), f"{item.tool} {'passes' if ok else 'fails'}" + (
            f" ({detail})" if detail and not ok else "")  # fmt: skip
    if item.exercises:
        parts, state = [], "done"
        for exercise in item.exercises:
            result = evidence.results.get(exercise)
            if result is None:
                parts.append(f"{exercise} not graded")
                state = "unknown" if state == "done" else state
                continue
            parts.append(f"{exercise} {points(result.score)}/{points(result.max_score)}")
            if not result.passed:
                state = "todo"
        return state, ", ".join(parts)
    missing = [answer for answer in item.answers if answer not in evidence.filled]
    text = ", ".join(f"{a} {'not written' if a in missing else 'written'}" for a in item.answers)
    return ("todo" if missing else "written"), text


def section_row(section: str, items: list[Item], evidence: Evidence) -> list[str]:
    states = [(item, *item_state(item, evidence)) for item in items]
    checkable = [s for s in states if s[1] not in ("self", "unknown")]
    score = sum(s[1] in ("done", "written") for s in checkable)
    unknown = [s for s in states if s[1] == "unknown"]
    self_items = [s for s in states if s[1] == "self"]
    if not checkable:
        status = "not graded"
    elif score == len(checkable):
        status = "to grade by hand" if any(s[1] == "written" for s in checkable) else "met"
    else:
        status = "partial" if score else "not met"
    notes = [f"{'✓' if s[1] in ('done', 'written') else '✗'} {s[0].text} [{s[2]}]"
             for s in checkable]  # fmt: skip
    notes += [f"? {s[0].text} [{s[2]}]" for s in unknown]
    if self_items:
        notes.append(f"{len(self_items)} self-assessed item(s) left to the student")
    title = f"Completion checklist: {section}"
    return [f"checklist/{slug(section)}", title, str(score) if checkable else "",
            str(len(checkable)) if checkable else "", status, "; ".join(notes)]  # fmt: skip


def deliverable_row(criterion: str, title: str, exercise: str, evidence: Evidence) -> list[str]:
    result = evidence.results.get(exercise)
    if result is None:
        return [criterion, title, "", "", "not graded", f"{exercise} not graded: grade {exercise}"]
    if result.passed:
        status = "met"
    else:
        status = "partial" if result.score else "not met"
    failed = [check.title for check in result.checks if not check.passed]
    text = f"{exercise} {points(result.score)}/{points(result.max_score)}"
    if failed:
        text += "; failed: " + "; ".join(failed)
    return [criterion, title, points(result.score), points(result.max_score), status, text]


def rows_for(student: str, evidence: Evidence) -> list[list[str]]:
    """The `M07` rows of one student: checklist sections, then deliverables."""
    sections: dict[str, list[Item]] = {}
    for item in CHECKLIST:
        sections.setdefault(item.section, []).append(item)
    rows = [section_row(name, items, evidence) for name, items in sections.items()]
    rows += [deliverable_row(c, t, e, evidence) for c, t, e in DELIVERABLES]
    return [[SCOPE, student, *row] for row in rows]


def merge(path: Path, rows: list[list[str]]) -> list[list[str]]:
    """The file's rows with those of (M07, these students) replaced by `rows`."""
    students = {row[1] for row in rows}
    kept: list[list[str]] = []
    if path.exists():
        existing = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        if existing and tuple(existing[0]) != COLUMNS:
            raise UsageError(f"{path}: expected the columns {','.join(COLUMNS)}")
        kept = [r for r in existing[1:] if r and not (r[0] == SCOPE and r[1] in students)]
    return [list(COLUMNS), *kept, *rows]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    merged = merge(path, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(merged)


def one_student(submission: Path | None, seed: int) -> Evidence:
    """Grade everything, read the written answers, run mypy and pytest (as `grade progress`)."""
    from grader.answers import written_answers
    from grader.discover import discover
    from grader.grade import grade_exercises
    from grader.registry import WEEKS, resolve_targets
    from workbook.paths import NOTEBOOKS

    found = discover(submission)
    try:
        results = grade_exercises(resolve_targets(["all"]), found, seed, None, None)
        tools = run_tools(found.root)
    finally:
        found.cleanup()
    filled = {a.id for a in written_answers(submission, WEEKS, NOTEBOOKS) if a.filled}
    return Evidence({r.exercise.id: r for r in results}, frozenset(filled), tools)


def run_tools(root: Path) -> dict[str, tuple[bool, str]]:
    """mypy and pytest on the student's code (their own test_*.py), as `grade progress` does."""
    tests = sorted(str(path) for path in root.rglob("test_*.py"))
    commands = {
        "mypy": [sys.executable, "-m", "mypy", "--ignore-missing-imports", "."],
        "pytest": [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
    }
    found: dict[str, tuple[bool, str]] = {}
    for tool, command in commands.items():
        if tool == "pytest" and not tests:
            found[tool] = (False, "no test_*.py files of yours found")
            continue
        with tempfile.TemporaryDirectory(prefix="rubric-") as home:
            env = {**os.environ, "HOME": home, "MPLBACKEND": "Agg"}
            try:
                done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                                      timeout=TOOL_TIMEOUT, stdin=subprocess.DEVNULL)  # fmt: skip
            except subprocess.TimeoutExpired:
                found[tool] = (False, f"timed out after {TOOL_TIMEOUT:g} s")
                continue
        lines = (done.stdout + done.stderr).strip().splitlines()
        found[tool] = (done.returncode == 0, lines[-1] if lines else "")
    return found


def class_evidence(grades: Path, submissions: Path) -> dict[str, Evidence]:
    """Each student of a `grade batch` output folder (mypy and pytest are not run)."""
    from grader.batch import decode_result, load_cache, student_answers

    cache = load_cache(grades)
    if not cache:
        raise UsageError(f"{grades} holds no grades of `grade batch` (no usable cache.json)")
    found: dict[str, Evidence] = {}
    for name, entry in sorted(cache.items()):
        graded = entry.get("exercises", {})
        results = {e.id: decode_result(BY_ID[e.id], graded[e.id]) for e in EXERCISES
                   if e.id in graded}  # fmt: skip
        path = submissions / name
        path = path if path.exists() else submissions / f"{name}.ipynb"
        weeks = sorted({BY_ID[i].week for i in results}) or ["week18"]
        answers = student_answers(path, weeks) if path.exists() else []
        found[name] = Evidence(results, frozenset(a.id for a in answers if a.filled), {})
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade rubric",
        description="Write the module's M07 rows of rubrica.csv: one row per checklist "
        "section and deliverable, scored from grading, written answers and tools.",
    )
    parser.add_argument("--submission", type=Path, default=None,
                        help="one student's work (default: the workbook's exercises/)")  # fmt: skip
    parser.add_argument("--student", default=None, help="the student column (default: me)")
    parser.add_argument("--grades", type=Path, default=None, metavar="OUT_DIR",
                        help="a `grade batch` output folder: rows for its whole class")  # fmt: skip
    parser.add_argument("submissions", type=Path, nargs="?", default=None,
                        metavar="SUBMISSIONS_DIR", help="with --grades")  # fmt: skip
    parser.add_argument("-o", "--out", type=Path, default=Path("rubrica.csv"))
    parser.add_argument("--seed", type=int, default=0)
    return parser


def command(argv: Sequence[str]) -> int:
    """`grade rubric ...`: exit 0 when the rows were written, 2 for a usage error."""
    args = build_parser().parse_args(argv)
    try:
        if args.grades is not None:
            if args.submissions is None:
                raise UsageError("--grades needs SUBMISSIONS_DIR (for the written answers)")
            students = class_evidence(args.grades, args.submissions)
        else:
            students = {args.student or "me": one_student(args.submission, args.seed)}
        rows = [row for name, evidence in students.items() for row in rows_for(name, evidence)]
        write_rows(args.out, rows)
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(rows)} {SCOPE} rows for {len(students)} student(s) to {args.out}")
    return EXIT_PASSED
