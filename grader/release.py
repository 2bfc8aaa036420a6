"""`grade release WEEK --course-dir DIR`: one week of the workbook as a real nbgrader assignment.

It writes ``DIR/nbgrader_config.py`` and the source notebook
``DIR/source/<assignment>/<week>.ipynb``, then runs ``nbgrader generate_assignment`` in
``DIR`` (nbgrader reads its config from the current directory) with this interpreter's
nbgrader, which writes the student version to ``DIR/release/<assignment>/``.

The source notebook is made from ``solutions/``, the same tree as the workbook's own
notebooks and stubs. Per exercise of the week:

- the exercise text (from `workbook.content`);
- an answer cell: the reference module, its solution regions turned into nbgrader's
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` (the hint stays as a TODO comment above),
  its first line a marker that `grader.nbgrader_cells` finds the student's code by;
- a visible test cell worth the exercise's public check points, and a hidden test cell
  (``### BEGIN HIDDEN TESTS``) worth its hidden check points. Both call
  `grader.nbgrader_cells.run_checks` with the seed fixed here, so nbgrader's points per
  exercise are ``grade WEEK --seed SEED``'s.

Written answers become manually graded markdown cells worth `WRITTEN_POINTS` each.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import nbformat
from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, OverwriteCells  # type: ignore[import-untyped]
from traitlets import Bool

from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.cli import EXIT_USAGE, OneLineParser
from grader.nbgrader_cells import marker_line
from grader.registry import BY_ID as GRADER_EXERCISES
from grader.registry import WEEKS, UsageError
from workbook.answers import ANSWER_PLACEHOLDER, METADATA_KEY
from workbook.content import BY_WEEK, Answer, Note, Week
from workbook.notebooks import KERNELSPEC, code_cell, markdown_cell
from workbook.paths import SOLUTIONS
from workbook.regions import find_regions

WRITTEN_POINTS = 2.0
DEFAULT_SEED = 0
# nbgrader's per-cell limit when it executes a notebook: the longest exercise limit (90 s,
# the PyTorch CNN) plus the child's start-up, with room to spare on a busy machine.
EXECUTE_TIMEOUT = 180
ASSIGNMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
CONFIG_HEADER = "# Written by `grade release`"
Cell = dict[str, Any]
MAIN_TESTS = {"__name__ == '__main__'", "'__main__' == __name__"}


def to_nbgrader_regions(source: str, filename: str = "<source>") -> str:
    """Turn our solution regions into nbgrader's, keeping indentation and the hint.

    ``# BEGIN SOLUTION: hint`` becomes ``# TODO(student): hint`` then ``### BEGIN
    SOLUTION``; ``# END SOLUTION`` becomes ``### END SOLUTION``.

    Raises:
        RegionError: a region is malformed (see `workbook.regions.find_regions`).
    """
    lines = source.splitlines()
    for region in reversed(find_regions(source, filename)):
        hint = [f"{region.indent}# TODO(student): {region.hint}"] if region.hint else []
        lines[region.end - 1] = f"{region.indent}### END SOLUTION"
        lines[region.begin - 1 : region.begin] = [*hint, f"{region.indent}### BEGIN SOLUTION"]
    return "\n".join(lines) + "\n"


def drop_main_block(source: str) -> str:
    """Remove top-level ``if __name__ == "__main__":`` demos.

    In a notebook ``__name__`` is ``"__main__"``, so the demo would run (and train, or
    raise NotImplementedError on the stub) every time the answer cell runs.
    """
    lines = source.splitlines()
    for node in reversed(ast.parse(source).body):
        if isinstance(node, ast.If) and ast.unparse(node.test) in MAIN_TESTS:
            del lines[node.lineno - 1 : node.end_lineno]
    return "\n".join(lines).rstrip() + "\n"


def answer_cell_source(exercise: Spec, solutions: Path = SOLUTIONS) -> str:
    """The answer cell of the source notebook: marker line, then the reference module."""
    path = solutions / (exercise.module.replace(".", "/") + ".py")
    source = drop_main_block(path.read_text(encoding="utf-8"))
    code = to_nbgrader_regions(source, str(path))
    return f"{marker_line(GRADER_EXERCISES[exercise.id])}\n{code}".rstrip("\n")


def split_points(exercise_id: str) -> tuple[float, float]:
    """(visible, hidden) points of an exercise: the sums of its public and hidden checks."""
    checks = checks_for(exercise_id)
    return (
        sum(check.points for check in checks if check.public),
        sum(check.points for check in checks if not check.public),
    )


def grade_id(exercise_id: str, part: str) -> str:
    """nbgrader's cell id, e.g. ``ex-7_4-hidden`` (ids without dots)."""
    return f"ex-{exercise_id.replace('.', '_')}-{part}"


def nbgrader_meta(identifier: str, **flags: Any) -> dict[str, Any]:
    """nbgrader's cell metadata (schema 3)."""
    meta = {"grade": False, "solution": False, "locked": False, **flags}
    return {"nbgrader": {**meta, "grade_id": identifier, "schema_version": 3}}


def visible_test_source(exercise_id: str, seed: int) -> str:
    return (
        f"# Visible checks of exercise {exercise_id}: run your answer cell, then this one.\n"
        "# It prints ✓ or ✗ per check with a hint; the number at the end is your points.\n"
        "from grader.nbgrader_cells import run_checks\n\n"
        f'run_checks("{exercise_id}", seed={seed})'
    )


def hidden_test_source(exercise_id: str, seed: int) -> str:
    return (
        f"# Hidden checks of exercise {exercise_id}: they run when your notebook is graded.\n"
        "### BEGIN HIDDEN TESTS\n"
        "from grader.nbgrader_cells import run_checks\n\n"
        f'run_checks("{exercise_id}", hidden=True, seed={seed})\n'
        "### END HIDDEN TESTS"
    )


def exercise_cells(exercise: Spec, seed: int, solutions: Path) -> list[Cell]:
    """Text, answer cell, and the test cells worth points (a 0-point cell is left out)."""
    visible, hidden = split_points(exercise.id)
    module_tag = {METADATA_KEY: {"module": exercise.module}}
    answer_meta = {**nbgrader_meta(grade_id(exercise.id, "answer"), solution=True), **module_tag}
    cells = [
        markdown_cell(exercise_text(exercise)),
        code_cell(answer_cell_source(exercise, solutions), answer_meta),
    ]
    for part, points, source in (
        ("visible", visible, visible_test_source(exercise.id, seed)),
        ("hidden", hidden, hidden_test_source(exercise.id, seed)),
    ):
        if points > 0:
            meta = nbgrader_meta(grade_id(exercise.id, part), grade=True, locked=True)
            meta["nbgrader"]["points"] = points
            cells.append(code_cell(source, meta))
    return cells


def answer_cells(answer: Answer) -> list[Cell]:
    """The prompt, then a manually graded markdown cell tagged with the answer's id."""
    meta = nbgrader_meta(f"answer-{answer.id}", solution=True, grade=True)
    meta["nbgrader"]["points"] = WRITTEN_POINTS
    meta[METADATA_KEY] = {"answer": answer.id}
    return [
        markdown_cell(f"### Your answer: {answer.title}\n\n{answer.prompt}"),
        markdown_cell(ANSWER_PLACEHOLDER, meta),
    ]


def exercise_text(exercise: Spec) -> str:
    """The exercise's markdown, from `workbook.content`, told for an answer cell."""
    steps = (
        f"1. **Basic.** {exercise.basic}\n2. **Intermediate.** {exercise.intermediate}\n"
        f"3. **Advanced.** {exercise.advanced}"
    )
    hints = "\n\n".join(
        f"<details><summary>Hint: {mistake.summary}</summary>\n\n{mistake.detail}\n\n</details>"
        for mistake in exercise.mistakes
    )
    parts = [
        f"## Exercise {exercise.id}: {exercise.title}",
        f"*Suggested timebox: {exercise.timebox}.* Write your code in the answer cell below "
        "(replace each `raise NotImplementedError()`), run it, then run the test cell after it.",
        exercise.goal,
        f"**Steps**\n\n{steps}",
        "**Shapes**\n\n" + "\n".join(f"- {shape}" for shape in exercise.shapes),
        *([exercise.note] if exercise.note else []),
        f"**Common mistakes** (click one to open it)\n\n{hints}",
    ]
    return "\n\n".join(parts)


HOW_TO_WORK = """\
**How this notebook works**

1. Each exercise has an answer cell holding its whole module: the given helpers, and a
   `raise NotImplementedError()` under each `TODO(student)` where your code goes. Keep the
   cell's first line (`# workbook module: ...`): the test cells find your code by it.
2. Run the answer cell, then the test cell below it. It runs the visible checks in a
   separate process and prints ✓ or ✗ per check with a hint, then your points for them.
   More checks, hidden, run when your notebook is graded.
3. Don't delete answer or test cells. If you copy an answer cell, the copy that runs last
   is the one graded.
4. Write the short answers in the cells marked *Write your answer here*; they are graded by
   hand.
"""


def source_notebook(week: Week, seed: int, solutions: Path = SOLUTIONS) -> dict[str, Any]:
    """The nbgrader source notebook of one week (nbformat 4.5, validated)."""
    cells: list[Cell] = [markdown_cell(f"# {week.title}\n\n{week.intro}\n\n{HOW_TO_WORK}")]
    for block in week.blocks:
        if isinstance(block, Spec):
            cells += exercise_cells(block, seed, solutions)
        elif isinstance(block, Answer):
            cells += answer_cells(block)
        elif isinstance(block, Note):
            cells.append(markdown_cell(block.text))
    cells.append(markdown_cell("## When you are done\n\nSave the notebook and submit it."))
    number = week.week.removeprefix("week")
    for index, cell in enumerate(cells):
        cell["id"] = f"w{number}-c{index:02d}"
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    nbformat.validate(notebook, version=4, version_minor=5)
    return notebook


class KeepLastCopy(Preprocessor):
    """nbgrader's DeduplicateIds, made to work: the last copy of a copied cell is graded.

    A student who copies a cell copies its nbgrader metadata, so two cells share a grade
    id. nbgrader 0.9.6's DeduplicateIds then sets the earlier copies' metadata to ``{}``,
    which CheckCellMetadata rejects as an outdated schema, and the whole notebook fails
    to autograde (jupyter/nbgrader#1083). Here the earlier copies lose the ``nbgrader``
    key instead and become plain cells; they still run, like any cell.
    """

    # nbgrader registers its preprocessors without enabling them; ours must be on.
    enabled = Bool(True).tag(config=True)

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        seen: set[str] = set()
        for cell in reversed(nb.cells):
            meta = cell.metadata.get("nbgrader", {})
            if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
                continue
            if meta.get("grade_id") in seen:
                self.log.warning("cell %s is a copy; the last copy is graded", meta["grade_id"])
                del cell.metadata["nbgrader"]
            else:
                seen.add(meta.get("grade_id"))
        return nb, resources


class RestoreHiddenTests(OverwriteCells):  # type: ignore[misc]
    """nbgrader's OverwriteCells, without its false alarm for hidden test cells.

    A released test cell has its hidden tests removed, so its checksum never matches the
    source cell's, and nbgrader 0.9.6 warns "Attribute 'checksum' for cell ... has changed!"
    for every such cell of every student while it puts the hidden tests back
    (jupyter/nbgrader#1961). Here that warning is dropped when the submitted cell is exactly
    the released one; a test cell a student did edit is still reported.
    """

    enabled = Bool(True).tag(config=True)
    submitted = ""

    def preprocess_cell(self, cell: NotebookNode, resources: Any, index: int) -> Any:
        self.submitted = cell.source
        return super().preprocess_cell(cell, resources, index)

    def report_change(self, name: str, attr: str, old: Any, new: Any) -> None:
        if attr == "checksum" and self.as_released(name):
            self.log.debug("cell %s: hidden tests put back, as released", name)
            return
        super().report_change(name, attr, old, new)

    def as_released(self, name: str) -> bool:
        """Is the submitted cell the source cell with its hidden tests removed?"""
        source = self.gradebook.find_source_cell(name, self.notebook_id, self.assignment_id)
        released = nbformat.from_dict({"source": source.source, "cell_type": "code"})  # type: ignore[no-untyped-call]
        removed = ClearHiddenTests()._remove_hidden_test_region(released)
        return bool(removed) and released.source == self.submitted


SANITIZE = [
    "nbgrader.preprocessors.ClearOutput",
    f"{__name__}.KeepLastCopy",
    "nbgrader.preprocessors.OverwriteKernelspec",
    f"{__name__}.RestoreHiddenTests",
    "nbgrader.preprocessors.CheckCellMetadata",
]
FEEDBACK = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]


def config_text(course_dir: Path) -> str:
    """``nbgrader_config.py`` for the course in `course_dir` (an absolute path)."""
    return f"""{CONFIG_HEADER} (grader/release.py); see docs/nbgrader.md.
c = get_config()  # noqa: F821

c.CourseDirectory.root = {str(course_dir)!r}
c.CourseDirectory.db_url = {f"sqlite:///{course_dir / 'gradebook.db'}"!r}
# The written-answer cells start as the workbook's placeholder, which `grade` reads as
# "not written".
c.ClearSolutions.text_stub = {ANSWER_PLACEHOLDER!r}
# Seconds per cell when autograding: a hidden test cell runs its exercise's whole suite in
# a child process (up to 30 s for the training exercises, 90 s for the PyTorch CNN).
c.Execute.timeout = {EXECUTE_TIMEOUT}
# nbgrader 0.9.6's defaults, with DeduplicateIds replaced: a copied answer cell must not
# fail the whole notebook (the last copy is graded, as in the kernel).
# OverwriteCells is replaced too: nbgrader's own version warns that every hidden test cell's
# checksum "has changed" (it has: the release removed the hidden tests; jupyter/nbgrader#1961).
c.Autograde.sanitize_preprocessors = {json.dumps(SANITIZE)}
# nbgrader 0.9.6's gradebook code makes SQLAlchemy warn "Object of type <SubmittedAssignment>
# not in session" when autograde adds a student's submission; the submission is stored.
import warnings  # noqa: E402
warnings.filterwarnings(
    "ignore", message="Object of type <Submitted", module="nbgrader.api"
)
# Feedback shows the test cells' outputs (the hints) but not the hidden tests' code.
c.GenerateFeedback.preprocessors = {json.dumps(FEEDBACK)}
"""


def write_course(
    course_dir: Path, week: str, seed: int, assignment: str, solutions: Path = SOLUTIONS
) -> tuple[Path, bool]:
    """Write the config (unless the instructor has their own) and the source notebook.

    Returns:
        the source notebook's path, and whether the config was written.
    """
    config = course_dir / "nbgrader_config.py"
    ours = not config.exists() or config.read_text(encoding="utf-8").startswith(CONFIG_HEADER)
    if ours:
        config.write_text(config_text(course_dir), encoding="utf-8")
    notebook = course_dir / "source" / assignment / f"{week}.ipynb"
    notebook.parent.mkdir(parents=True, exist_ok=True)
    document = source_notebook(BY_WEEK[week], seed, solutions)
    text = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    notebook.write_text(text, encoding="utf-8")
    return notebook, ours


def nbgrader(course_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run this interpreter's ``nbgrader`` in the course directory (where its config is).

    The interpreter's ``bin/`` goes first on PATH: nbgrader's gradebook runs the
    ``alembic`` script by name, which a venv used without activating doesn't provide.
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        command,
        cwd=course_dir,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
    )


def course_directory(path: Path) -> Path:
    """The course directory, created if needed.

    Raises:
        UsageError: it exists and is not a directory, or cannot be created.
    """
    if path.exists() and not path.is_dir():
        raise UsageError(f"--course-dir {path} exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create --course-dir {path}: {error.strerror}") from None
    return path.resolve()


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade release",
        description="Write WEEK as an nbgrader assignment in a course directory and run "
        "`nbgrader generate_assignment` there.",
    )
    parser.add_argument("week", metavar="WEEK", help=f"one of {', '.join(WEEKS)}")
    parser.add_argument(
        "--course-dir", type=Path, required=True, metavar="DIR",
        help="the nbgrader course directory (created if needed)",
    )  # fmt: skip
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED,
        help=f"the checks' seed, written into the test cells (default {DEFAULT_SEED})",
    )  # fmt: skip
    parser.add_argument("--assignment", default=None, metavar="NAME", help="default: WEEK")
    return parser


def validate(args: argparse.Namespace) -> tuple[str, Path, int, str]:
    """(week, course dir, seed, assignment) from the parsed arguments.

    Raises:
        UsageError: any of them is unusable.
    """
    if args.week not in WEEKS:
        raise UsageError(f"unknown week {args.week!r}; choose from {', '.join(WEEKS)}")
    if args.seed < 0:
        raise UsageError(f"--seed must be 0 or more, not {args.seed}")
    assignment = args.assignment or args.week
    if not ASSIGNMENT_NAME.match(assignment):
        raise UsageError(f"--assignment {assignment!r}: use letters, digits, '_', '-' and '.'")
    return args.week, course_directory(args.course_dir), args.seed, assignment


def command(argv: Sequence[str]) -> int:
    """`grade release WEEK --course-dir DIR [--seed N] [--assignment NAME]`; the exit status."""
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as stop:  # usage errors (status 2, one line already printed), --help
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        week, course_dir, seed, assignment = validate(args)
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    source, wrote_config = write_course(course_dir, week, seed, assignment)
    done = nbgrader(course_dir, "generate_assignment", assignment, "--force")
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        print(f"grade: error: nbgrader generate_assignment {assignment} failed", file=sys.stderr)
        return 1
    released = course_dir / "release" / assignment / f"{week}.ipynb"
    print(release_summary(week, seed, source, released, wrote_config))
    return 0


def release_summary(week: str, seed: int, source: Path, released: Path, wrote: bool) -> str:
    """What `grade release` prints: where things are and what comes next."""
    course = released.parents[2]
    config = "written" if wrote else "kept (not written by `grade release`)"
    autograded = sum(sum(split_points(e.id)) for e in BY_WEEK[week].exercises)
    written = WRITTEN_POINTS * len(BY_WEEK[week].answers)
    return "\n".join(
        [
            f"released {week}: {released}",
            f"  source: {source}",
            f"  config: {course / 'nbgrader_config.py'} ({config})",
            f"  points: {autograded:g} autograded (seed {seed}) + {written:g} written",
            f"next: put submissions in {course / 'submitted'}/<student>/{released.parent.name}/, "
            f"then run `nbgrader autograde {released.parent.name}` in {course}",
        ]
    )
