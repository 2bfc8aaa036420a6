"""`grade gradescope`: build the autograder.zip that Gradescope runs for every submission.

    grade gradescope TARGET... [-o autograder.zip] [--seed N] [--timeout S]

The zip holds what grading the chosen targets needs of this project (pyproject.toml,
constraints.txt, README.md, grader/ and workbook/, but of grader/checks/ every exercise's
spec and only the targets' check suites, of solutions/ only the reference modules those
suites use, and of exercises/ only the targets' weeks), `setup.sh`, which installs it with
the pinned versions (torch's CPU build), and `run_autograder`, which grades
/autograder/submission for the chosen targets into /autograder/results/results.json.
Student code never runs in the grading process: `grade` runs each exercise in an isolated,
sandboxed child process, which cannot read the bundle's source (run_autograder names it in
GRADER_SECRET_DIRS), the installed reference or checks, nor write anywhere but its own
temporary directory, so it cannot write results.json either.
"""

from __future__ import annotations

import argparse
import re
import shlex
import stat
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from grader.checks import checks_for
from grader.cli import EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.registry import UsageError, resolve_targets
from workbook.paths import ROOT

PROJECT_FILES = ("pyproject.toml", "constraints.txt", "README.md")
PROJECT_TREES = ("grader", "solutions", "workbook", "exercises")
REFERENCE_CALL = re.compile(r'reference\("(week\d+)\.(\w+)"\)')
CHECKS_IMPORT = re.compile(r"^from grader\.checks\.([\w.]+) import", re.M)
# Helpers of grader/checks/ that only some suites use (the others are always shipped).
OPTIONAL_HELPERS = frozenset({"lenet"})
LEFT_OUT = ("__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints")
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
EXECUTABLE = 0o755

SETUP_SH = f"""\
#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
# It installs this project, with the versions pinned in constraints.txt, into a venv.
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SOURCE="$ROOT/source"

# Python 3.11 or newer: the one on the image, else Ubuntu's python3.11.
PYTHON=""
for candidate in python3.13 python3.12 python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 \\
      && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PYTHON="$candidate"
    break
  fi
done
if [ -z "$PYTHON" ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11 python3.11-venv
  PYTHON=python3.11
fi
if ! "$PYTHON" -m venv "$ROOT/venv"; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$(basename "$PYTHON")-venv"
  "$PYTHON" -m venv "$ROOT/venv"
fi
PIP="$ROOT/venv/bin/pip"
"$PIP" install --upgrade pip
# torch: the CPU build at the version constraints.txt pins (PyPI's Linux wheel brings CUDA).
# TORCH_INDEX_URL= (empty) uses pip's own configuration instead, e.g. a local wheel mirror.
TORCH_INDEX="${{TORCH_INDEX_URL-{TORCH_CPU_INDEX}}}"
"$PIP" install -c "$SOURCE/constraints.txt" ${{TORCH_INDEX:+--index-url "$TORCH_INDEX"}} torch
"$PIP" install -c "$SOURCE/constraints.txt" "$SOURCE"
"$ROOT/venv/bin/grade" --help >/dev/null
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for every submission: grade it, write results/results.json.
# `grade` runs each exercise of the student's code in an isolated child process.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
TARGETS=({targets})
OPTIONS=({options})
if [ -x "$ROOT/venv/bin/grade" ]; then
  PATH="$ROOT/venv/bin:$PATH"
fi
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
# The sandboxed children may not read the bundle's source (the reference and the checks).
export GRADER_SECRET_DIRS="$ROOT/source"
grade "${{TARGETS[@]}}" --submission "$ROOT/submission" --format json "${{OPTIONS[@]}}" \\
  >"$RESULTS.partial" 2>"$ROOT/results/grade.log"
status=$?
cat "$ROOT/results/grade.log" >&2
if [ "$status" -le 1 ] && [ -s "$RESULTS.partial" ]; then
  mv "$RESULTS.partial" "$RESULTS"
else
  # A usage error (an unreadable upload, nothing to grade): a zero with the reason.
  python3 - "$RESULTS" "$ROOT/results/grade.log" <<'PY'
import json, sys
reason = open(sys.argv[2], encoding="utf-8", errors="replace").read().strip()
output = "The autograder could not grade this submission.\\n" + reason[-2000:]
document = {{"score": 0, "max_score": {max_score:g}, "output": output, "tests": []}}
json.dump(document, open(sys.argv[1], "w"))
PY
  rm -f "$RESULTS.partial"
fi
exit 0
"""


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade gradescope",
        description="Build a Gradescope autograder.zip that grades TARGETs of each upload.",
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="week, exercise id, or all")
    parser.add_argument("-o", "--out", type=Path, default=Path("autograder.zip"))
    parser.add_argument(
        "--seed", type=int, default=None, help="fixed seed (default: a fresh one per run)"
    )
    parser.add_argument("--timeout", type=float, default=None, help="seconds per exercise")
    return parser


def command(argv: Sequence[str]) -> int:
    """`grade gradescope ...`: exit 0 with the zip written, 2 for a usage error (one line)."""
    args = build_parser().parse_args(argv)
    try:
        count = build_bundle(args.targets, args.out, args.seed, args.timeout)
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {args.out} ({count} files); upload it as the autograder of the assignment")
    return EXIT_PASSED


def build_bundle(
    targets: Sequence[str],
    out: Path,
    seed: int | None = None,
    timeout: float | None = None,
    root: Path = ROOT,
) -> int:
    """Write the autograder zip; return how many files it holds.

    Raises:
        UsageError: unknown target, or `root` is not a source checkout of the project.
    """
    resolve_targets(targets)
    if not (root / "pyproject.toml").is_file():
        raise UsageError(f"{root} has no pyproject.toml: run this from a source checkout")
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        add_text(bundle, "setup.sh", SETUP_SH)
        add_text(bundle, "run_autograder", run_autograder(targets, seed, timeout))
        for path in project_files(root, targets):
            add_file(bundle, path, path.relative_to(root).as_posix())
            count += 1
    return count + 2


def run_autograder(targets: Sequence[str], seed: int | None, timeout: float | None) -> str:
    """The run_autograder script, with the targets (and any fixed options) baked in."""
    options: list[str] = []
    if seed is not None:
        options += ["--seed", str(seed)]
    if timeout is not None:
        options += ["--timeout", f"{timeout:g}"]
    quoted = " ".join(shlex.quote(target) for target in targets)
    top = sum(c.points for e in resolve_targets(targets) for c in checks_for(e.id))
    return RUN_AUTOGRADER.format(targets=quoted, options=" ".join(options), max_score=top)


def project_files(root: Path, targets: Sequence[str]) -> Iterator[Path]:
    """The source files the install needs to grade `targets`, without caches, other weeks'
    checks and reference, or other weeks' stubs."""
    keep = wanted_files(root, targets)
    for name in PROJECT_FILES:
        if (root / name).is_file():
            yield root / name
    for tree in PROJECT_TREES:
        for path in sorted((root / tree).rglob("*")):
            parts = path.relative_to(root).parts
            if path.is_file() and not any(part in LEFT_OUT for part in parts):
                if path.suffix != ".pyc" and not any(p.endswith(".egg-info") for p in parts):
                    if keep(path.relative_to(root)):
                        yield path


def wanted_files(root: Path, targets: Sequence[str]) -> Callable[[Path], bool]:
    """Which files of grader/checks/, solutions/ and exercises/ grading `targets` needs: every
    exercise's spec (the registry reads them all), the targets' suites and the modules of
    grader/checks/ they import, the reference modules those use, and the targets' weeks of
    stubs."""
    exercises = resolve_targets(targets)
    weeks = {exercise.week for exercise in exercises}
    suites = {Path("grader", "checks", exercise.suite, "checks.py") for exercise in exercises}
    shipped = imported_checks(root, suites)
    references = {exercise.path for exercise in exercises}
    for relative in shipped:
        text = (root / relative).read_text(encoding="utf-8")
        references.update(f"{week}/{module}.py" for week, module in REFERENCE_CALL.findall(text))
    reference_weeks = {name.split("/")[0] for name in references}

    def suite_folder(name: str) -> bool:
        return (root / "grader" / "checks" / name / "spec.py").is_file()

    def keep(relative: Path) -> bool:
        parts = relative.parts
        if parts[:2] == ("grader", "checks") and len(parts) == 4 and suite_folder(parts[2]):
            # Every spec ships (the registry reads them all); the rest only with its suite.
            return parts[3] in ("spec.py", "__init__.py") or relative in shipped
        if parts[:2] == ("grader", "checks") and len(parts) == 3:
            return relative.stem not in OPTIONAL_HELPERS or relative in shipped
        if parts[0] == "solutions":
            inner = "/".join(parts[1:])
            week_init = (
                len(parts) == 3 and parts[2] == "__init__.py" and parts[1] in reference_weeks
            )
            return inner == "__init__.py" or inner in references or week_init
        if parts[0] == "exercises":
            return len(parts) == 2 or parts[1] in weeks
        return True

    return keep


def imported_checks(root: Path, files: set[Path]) -> set[Path]:
    """`files` (of grader/checks/, relative to `root`) and the files of grader/checks/ they
    import, transitively."""
    todo = list(files)
    found: set[Path] = set()
    while todo:
        relative = todo.pop()
        if relative in found or not (root / relative).is_file():
            continue
        found.add(relative)
        text = (root / relative).read_text(encoding="utf-8")
        for dotted in CHECKS_IMPORT.findall(text):
            module = Path("grader", "checks", *dotted.split("."))
            todo.append(module.with_suffix(".py"))
            todo.append(module / "__init__.py")
    return found


def add_text(bundle: zipfile.ZipFile, name: str, text: str) -> None:
    """An executable script at the zip's top level."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.external_attr = (stat.S_IFREG | EXECUTABLE) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    bundle.writestr(info, text)


def add_file(bundle: zipfile.ZipFile, path: Path, name: str) -> None:
    bundle.write(path, name)
