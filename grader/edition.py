"""`grade edition`: write the student edition, what a student in a graded class gets.

    grade edition -o OUT

OUT becomes an installable project (`pip install -c constraints.txt -e OUT`) with the
stubs (exercises/), the week notebooks, the grader with only the visible checks, the
`grade` and `check` commands, and the data loaders. It has no reference solutions and no
hidden checks: each check suite keeps only its visible checks, and what they need from
the reference is a recording (`grader.checks.replay`), made here by running every visible
check on the edition's fixed seed against the reference, the stubs and every golden
variant. In the edition, `grade` runs the visible checks on that seed and says that the
hidden checks belong to the instructor's grader.

The edition is built from a source checkout (it needs solutions/ and tests/golden/).
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from grader.checks import REGISTRY, is_suite_module, load_suites
from grader.checks.replay import (
    EDITION_MARKER,
    EDITION_SEED,
    GIVEN_KEY,
    RECORDERS,
    STUB_KEY,
    save_recording,
    start_recording,
)
from grader.checks.spec import Spec
from grader.cli import EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.discover import write_module
from grader.grade import grade_exercise
from grader.registry import EXERCISES, UsageError
from workbook.paths import ROOT
from workbook.regions import find_regions, strip_markers

# Instructor tools: they need the reference or the hidden checks, and a student has no use.
INSTRUCTOR_MODULES = (
    "release.py", "nbgrader_cells.py", "batch", "gradescope.py", "rubric.py", "roster.py",
    "lms.py", "penalties.py", "feedback.py", "class_report.py", "similarity.py", "course.py",
    "outputs.py", "edition.py",
)  # fmt: skip
COPIED_TREES = ("exercises", "notebooks", "workbook", "grader")
LEFT_OUT = ("__pycache__", ".ipynb_checkpoints", ".mypy_cache", ".pytest_cache")


# ---- Recording -------------------------------------------------------------------------------


def suite_modules() -> list[ModuleType]:
    load_suites()
    names = {check.run.__module__ for checks in REGISTRY.values() for check in checks}
    return [sys.modules[name] for name in sorted(names)]


def submissions_for(exercise: Spec, folder: Path) -> Iterator[Path]:
    """Trees to record the visible checks on: the reference, the stub, every golden variant."""
    reference = strip_markers((ROOT / "solutions" / exercise.path).read_text(encoding="utf-8"))
    stub = (ROOT / "exercises" / exercise.path).read_text(encoding="utf-8")
    variants = sorted((ROOT / "tests" / "golden" / "variants" / exercise.id).glob("*.py"))
    sources = [reference, stub] + [
        f"{reference}\n\n# ---- variant {path.name} ----\n{path.read_text(encoding='utf-8')}"
        for path in variants
    ]
    for number, source in enumerate(sources):
        root = folder / exercise.id / str(number)
        write_module(root, exercise, source)
        yield root


def record(folder: Path) -> dict[str, dict[str, Any]]:
    """Run every visible check on the edition's seed with recorders standing in for the
    reference; return what each reference module answered.

    Raises:
        UsageError: the check suites were imported before recording could start (their
            module-level reference calls would be missing): record in a fresh process.
    """
    if any(name.startswith("grader.checks.") for name in sys.modules if is_suite_module(name)):
        raise UsageError("the check suites are loaded already: build the edition in a new process")
    start_recording()
    load_suites()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        runs = [
            pool.submit(grade_exercise, exercise, root, EDITION_SEED, public_only=True)
            for exercise in EXERCISES
            for root in submissions_for(exercise, folder)
        ]
        for run in runs:
            run.result()
    return {name: recorder.answers() for name, recorder in RECORDERS.items()}


def given_names(module: str) -> list[str]:
    """The top-level names of reference module `module` that the stub gives ready-made (a
    loss, the data): no solution region inside, and nothing they use has one. The edition
    runs those for real, from the stub."""
    source = (ROOT / "solutions" / f"{module.replace('.', '/')}.py").read_text(encoding="utf-8")
    begins = [region.begin for region in find_regions(source, module)]
    defined: dict[str, ast.stmt] = {}
    for node in ast.parse(source).body:
        for name in defined_names(node):
            defined[name] = node
    given = {
        name
        for name, node in defined.items()
        if not any(node.lineno <= line <= (node.end_lineno or node.lineno) for line in begins)
    }
    changed = True
    while changed:  # a helper that calls a function still to be written is not given
        uses = {name: used_names(defined[name]) & defined.keys() for name in given}
        dropped = {name for name in given if uses[name] - given}
        given -= dropped
        changed = bool(dropped)
    return sorted(given)


def defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [target.id for target in node.targets if isinstance(target, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def used_names(node: ast.stmt) -> set[str]:
    return {child.id for child in ast.walk(node) if isinstance(child, ast.Name)}


# ---- Writing the tree ------------------------------------------------------------------------


def visible_only(source: str) -> str:
    """A suite module without its hidden checks: every function decorated with
    `@suite.check(...)` that is not `public=True` is cut out, decorators included."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    cut: list[tuple[int, int]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and is_hidden_check(node):
            start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            cut.append((start, node.end_lineno or node.lineno))
    for start, end in sorted(cut, reverse=True):
        del lines[start - 1 : end]
    return "".join(lines)


def is_hidden_check(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call) and is_check_decorator(decorator.func):
            public = [k for k in decorator.keywords if k.arg == "public"]
            return not (
                public and isinstance(public[0].value, ast.Constant) and public[0].value.value
            )
    return False


def is_check_decorator(function: ast.expr) -> bool:
    """`@suite.check(...)`, the way every suite declares a check."""
    return isinstance(function, ast.Attribute) and function.attr == "check"


def copy_tree(source: Path, target: Path, skip: Sequence[str] = ()) -> None:
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part in LEFT_OUT for part in relative.parts) or path.suffix == ".pyc":
            continue
        if relative.parts[0] in skip or relative.as_posix() in skip or path.is_dir():
            continue
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / relative)


def write_edition(out: Path) -> dict[str, int]:
    """Write the student edition into `out` (which must not exist or be empty)."""
    if out.exists() and any(out.iterdir()):
        raise UsageError(f"{out} is not empty; choose a new folder for the edition")
    if not (ROOT / "solutions").is_dir() or not (ROOT / "tests" / "golden").is_dir():
        raise UsageError(f"{ROOT} is not a source checkout with solutions/ and tests/golden/")
    recordings = record_in_scratch()
    out.mkdir(parents=True, exist_ok=True)
    for tree in COPIED_TREES:
        skip = list(INSTRUCTOR_MODULES) if tree == "grader" else []
        copy_tree(ROOT / tree, out / tree, skip)
    checks = out / "grader" / "checks"
    for suite in suite_modules():
        path = out.joinpath(*suite.__name__.split(".")).with_suffix(".py")
        path.write_text(visible_only(path.read_text(encoding="utf-8")), encoding="utf-8")
    for name, answers in recordings.items():
        stub = (ROOT / "exercises" / f"{name.replace('.', '/')}.py").read_text(encoding="utf-8")
        given = {GIVEN_KEY: given_names(name), STUB_KEY: stub}
        save_recording(name, {**answers, **given}, checks / "recorded")
    (out / "grader" / EDITION_MARKER).write_text("student edition: visible checks only\n")
    shutil.copy2(ROOT / "constraints.txt", out / "constraints.txt")
    (out / "pyproject.toml").write_text(edition_pyproject(), encoding="utf-8")
    (out / "README.md").write_text(EDITION_README, encoding="utf-8")
    return {"recorded": sum(len(a) for a in recordings.values()), "modules": len(recordings)}


def record_in_scratch() -> dict[str, dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="edition-record-") as scratch:
        return record(Path(scratch))


def edition_pyproject() -> str:
    """The workbook's pyproject.toml for the edition: its packages, no instructor extras."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = text.replace('name = "dl-workbook"', 'name = "dl-workbook-student"')
    text = text.replace(
        'include = ["grader*", "solutions*", "exercises*", "workbook*", "interactive_labs*"]',
        'include = ["grader*", "exercises*", "workbook*"]',
    )
    return text.replace('"*" = ["*.json", "*.txt"]', '"*" = ["*.json", "*.txt", "*.gz", "EDITION"]')


EDITION_README = """\
# Module 07 deep-learning workbook: student edition

The exercises, the week notebooks and the `grade` command of the Module 07 workbook, for a
graded class. It holds no reference solutions and no hidden checks: `grade` runs each
exercise's visible checks, on fixed inputs, in an isolated process, and your instructor's
grader adds the hidden checks when you hand in.

## Setup (Python 3.11 with pip, Linux)

```bash
python3.11 -m venv .venv && .venv/bin/pip install -c constraints.txt -e .
```

## Work

- Open `notebooks/week17.ipynb` in JupyterLab from this folder, fill in the stubs in
  `exercises/`, and run the notebook's `check("7.2")` cells.
- `.venv/bin/grade week17` (or an exercise id: `grade 7.3`) grades the visible checks of a
  whole week at once and names the mistake it recognises.
- Hand in what your instructor asks for (the notebooks, or the files in `exercises/`).
"""


# ---- The command -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade edition",
        description="Write the student edition: stubs, notebooks and visible checks, without "
        "the reference solutions or the hidden checks.",
    )
    parser.add_argument("-o", "--out", type=Path, required=True, help="a new folder")
    return parser


def command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        counts = write_edition(args.out)
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"wrote the student edition to {args.out} ({counts['recorded']} recorded reference "
        f"answers from {counts['modules']} modules); students install it with "
        f"`pip install -c constraints.txt -e {args.out}`"
    )
    return EXIT_PASSED
