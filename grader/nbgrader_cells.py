"""What the test cells of an nbgrader release run inside the notebook's kernel.

A released week notebook (see `grader.release`) has, per exercise, an answer cell holding
the whole exercise module, whose first line is a marker naming that module, then a visible
and a hidden test cell that call :func:`run_checks`. `run_checks` takes the source of the
last executed cell carrying the module's marker from the kernel's input history, writes it
as the module into a temporary tree laid out like ``exercises/`` and grades it with
`grader.grade.grade_exercise`, in an isolated child process exactly like ``grade``. The
kernel itself never imports the student's module: it only runs the cells, as any notebook.
When nbgrader autogrades, each exercise's suite runs once, in one child, as in ``grade``:
the visible cell runs it and reports the public checks, the hidden cell reports the rest.

Why the input history and not the notebook file: a kernel doesn't know which file it
belongs to, and the file on disk can lag behind what was run (unsaved edits). The history
is exactly the code the kernel ran, in order, both while a student works and when
nbgrader executes the notebook top to bottom to autograde it. Taking the last cell with
the marker means a copied answer cell run later wins, as its definitions would in Python.

Partial credit: the cell's last expression is the points earned, a float; nbgrader reads a
number in a grade cell's ``execute_result`` as its score (`nbgrader.utils.determine_grade`).
Nothing here may write to stderr: nbgrader scores a cell with any stderr output as 0.
"""

from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import tempfile
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from grader.borrowing import find_borrowing
from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.discover import join_cells, strip_magics, write_module
from grader.grade import failed, grade_exercise
from grader.registry import BY_ID, EXERCISES
from grader.report import CheckResult, ExerciseResult
from grader.verdicts import FailureKind
from grader.wording import check_line

MARKER = "# workbook module: {path} — keep this line"
MARKER_LINE = re.compile(r"^\s*#\s*workbook module:\s*(?P<path>week\d+/\w+\.py)(?:\s|$)")
BY_PATH = {exercise.path: exercise for exercise in EXERCISES}


def marker_line(exercise: Spec) -> str:
    """The first line of an exercise's answer cell: how the test cells find its code."""
    return MARKER.format(path=exercise.path)


def marked_path(source: str) -> str | None:
    """The module path named by the first marker line of a cell, if it has one."""
    for line in source.splitlines():
        found = MARKER_LINE.match(line)
        if found and found.group("path") in BY_PATH:
            return found.group("path")
    return None


def answer_sources(inputs: Iterable[str]) -> dict[str, str]:
    """Map each module path (``week18/ex7_4_backprop.py``) to the last input marked with it.

    Args:
        inputs: cell sources in the order they ran (the kernel's history), or a
            notebook's code cells in order (what a top-to-bottom run would do).
    """
    found: dict[str, str] = {}
    for source in inputs:
        path = marked_path(source)
        if path is not None:
            found[path] = source
    return found


def module_text(source: str) -> str:
    """An answer cell as a module: IPython magics become `pass`, as in `grade`'s notebooks."""
    code, _removed = strip_magics(source)
    return join_cells([code])


def kernel_inputs() -> list[str]:
    """The raw sources of the cells this IPython kernel has run, oldest first.

    Raises:
        RuntimeError: not running inside IPython (then pass `inputs` to `run_checks`).
    """
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError("run_checks needs an IPython kernel, or the cell sources as `inputs`")
    return [str(source) for source in shell.history_manager.input_hist_raw]


def run_checks(
    exercise_id: str, hidden: bool = False, seed: int = 0, inputs: Sequence[str] | None = None
) -> float:
    """Grade one exercise's answer cell; print ✓/✗ per check and return the points earned.

    Args:
        exercise_id: "7.4", "mlp", ... (a key of `grader.registry.BY_ID`).
        hidden: report the hidden checks instead of the visible ones.
        seed: the release's fixed seed: ``grade --seed SEED`` reproduces the inputs.
        inputs: cell sources in execution order; the kernel's history when None.
    """
    exercise = BY_ID[exercise_id]
    ran = kernel_inputs() if inputs is None else list(inputs)
    sources = answer_sources(ran)
    source = sources.get(exercise.path)
    if source is None:
        print(missing_cell_message(exercise, hidden))
        return 0.0
    borrowed = notebook_borrowing(ran)
    # Warnings (or anything else on stderr) would make nbgrader score the cell 0.
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        if borrowed:
            result = borrowed_result(exercise, borrowed)
        else:
            result = suite_result(exercise, source, seed, hidden)
    public = {check.name for check in checks_for(exercise.id) if check.public}
    shown = [check for check in result.checks if hidden != (check.name in public)]
    print(summary(result, shown, hidden))
    return float(round(sum(check.points for check in shown), 6))


def notebook_borrowing(inputs: Sequence[str]) -> str:
    """The first cell that ran in this kernel, other than a test cell, that reaches for the
    reference or the hidden checks ("" when none does).

    The answer cell is graded in a sandboxed child, which catches it there too; this also
    catches a helper cell the student added, since the kernel runs every cell in-process.
    """
    for number, source in enumerate(inputs, start=1):
        if is_test_cell(source):
            continue
        code, _removed = strip_magics(source)
        found = find_borrowing(code)
        if found is not None:
            return f"{found.message} (a cell of this notebook, In [{number}], line {found.line})"
    return ""


def is_test_cell(source: str) -> bool:
    """A release's test cell: only the import of `run_checks` and one call of it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    if len(tree.body) != 2:
        return False
    first, second = tree.body
    if not (isinstance(first, ast.ImportFrom) and first.module == "grader.nbgrader_cells"):
        return False
    if [alias.name for alias in first.names] != ["run_checks"]:
        return False
    if not (isinstance(second, ast.Expr) and isinstance(second.value, ast.Call)):
        return False
    function = second.value.func
    return isinstance(function, ast.Name) and function.id == "run_checks"


def borrowed_result(exercise: Spec, reason: str) -> ExerciseResult:
    """Every check of `exercise` failed with the borrowing as its reason."""
    checks = [failed(check, reason, FailureKind.BORROWED) for check in checks_for(exercise.id)]
    return ExerciseResult(exercise, checks)


# Whole-suite results kept by a visible cell for the hidden cell after it (autograde only).
_PENDING: dict[tuple[str, int, str], ExerciseResult] = {}


def autograding() -> bool:
    """Whether nbgrader is executing this notebook to autograde it (it sets this variable)."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def suite_result(exercise: Spec, source: str, seed: int, hidden: bool) -> ExerciseResult:
    """The checks' results for one test cell.

    While a student works, the visible cell runs just the visible checks, like the
    workbook's `check()`. When nbgrader autogrades, the visible cell runs the exercise's
    whole suite in one child, exactly as ``grade`` does, and leaves the result to the
    hidden cell that follows, so visible + hidden points are ``grade``'s from one run. A
    hidden cell without such a result runs the whole suite itself.
    """
    key = (exercise.id, seed, source)
    if hidden and key in _PENDING:
        return _PENDING.pop(key)
    whole = hidden or autograding()
    result = grade_source(exercise, source, seed, public_only=not whole)
    if whole and not hidden:
        _PENDING[key] = result
    return result


def grade_source(exercise: Spec, source: str, seed: int, public_only: bool) -> ExerciseResult:
    """Write `source` as the exercise's module in a fresh tree and grade it in a child."""
    with tempfile.TemporaryDirectory(prefix="nbgrader-cell-") as folder:
        root = Path(folder)
        write_module(root, exercise, module_text(source))
        return grade_exercise(exercise, root, seed, public_only=public_only)


def missing_cell_message(exercise: Spec, hidden: bool) -> str:
    """What a student sees when the answer cell of `exercise` is gone (0 points)."""
    kind = "hidden" if hidden else "visible"
    return (
        f"✗ no answer cell for {exercise.id} {exercise.title}: no cell that ran in this "
        f"notebook has the line `{marker_line(exercise)}`. The answer cell was deleted, that "
        f"line was changed, or the cell was not run before this one. Restore it (from the "
        f"released notebook) and run it.\n"
        f"{exercise.id} {exercise.title}, {kind} checks: 0 points"
    )


def summary(result: ExerciseResult, shown: list[CheckResult], hidden: bool) -> str:
    """✓/✗ per shown check with its hint, what the code printed, and the points."""
    lines = [check_line(check.title, check.passed, check.message) for check in shown]
    if result.output.strip():
        lines.append("Your code printed:")
        lines.extend(f"  | {line}" for line in result.output.rstrip().splitlines())
    earned = sum(check.points for check in shown)
    total = sum(check.max_points for check in shown)
    kind = "hidden" if hidden else "visible"
    exercise = result.exercise
    lines.append(f"{exercise.id} {exercise.title}, {kind} checks: {earned:g}/{total:g} points")
    return "\n".join(lines)
