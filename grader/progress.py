"""`grade progress`: the module's completion checklist, ticked where grading proves it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader.answers import written_answers
from grader.discover import discover
from grader.exercises import WEEKS, resolve_targets
from grader.grade import grade_exercises
from workbook.checklist import CHECKLIST, Item
from workbook.paths import NOTEBOOKS

TOOL_TIMEOUT = 300.0


@dataclass(frozen=True)
class Line:
    """One checklist item and its state: "done", "written", "todo" or "self"."""

    item: Item
    state: str
    detail: str = ""


def run_tool(command: list[str], cwd: Path) -> tuple[bool, str]:
    """Run mypy or pytest on student code in a child process; (passed, last line of output)."""
    with tempfile.TemporaryDirectory(prefix="progress-") as home:
        env = {**os.environ, "HOME": home, "MPLBACKEND": "Agg"}
        try:
            done = subprocess.run(
                command, cwd=cwd, env=env, capture_output=True, text=True,
                timeout=TOOL_TIMEOUT, start_new_session=True, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return False, f"timed out after {TOOL_TIMEOUT:g} s"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, lines[-1] if lines else ""


def tool_results(root: Path) -> dict[str, tuple[bool, str]]:
    python = sys.executable
    tests = sorted(str(path) for path in root.rglob("test_*.py"))
    pytest_result = (False, "no test_*.py files of yours found under the submission")
    if tests:
        pytest_result = run_tool([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
                                 root)  # fmt: skip
    # A cache outside the submission keeps later runs fast (torch's stubs are large).
    cache = Path.home() / ".cache" / "workbook-mypy"
    mypy = [python, "-m", "mypy", "--ignore-missing-imports", "--cache-dir", str(cache), "."]
    return {"mypy": run_tool(mypy, root), "pytest": pytest_result}


def checklist_lines(
    passed: set[str], filled: set[str], tools: dict[str, tuple[bool, str]]
) -> list[Line]:
    lines = []
    for item in CHECKLIST:
        if item.self_assessed:
            lines.append(Line(item, "self", "tick it yourself"))
        elif item.tool:
            ok, detail = tools[item.tool]
            lines.append(Line(item, "done" if ok else "todo", "" if ok else detail))
        elif item.exercises:
            missing = [e for e in item.exercises if e not in passed]
            detail = f"grade {' '.join(missing)}" if missing else ""
            lines.append(Line(item, "todo" if missing else "done", detail))
        else:
            missing = [a for a in item.answers if a not in filled]
            state = "todo" if missing else "written"
            lines.append(Line(item, state, "graded by hand" if not missing else "not written"))
    return lines


def progress(submission: Path | None = None, seed: int = 0) -> list[Line]:
    """Grade everything, read the written answers, run mypy and pytest; tick the checklist."""
    found = discover(submission)
    try:
        results = grade_exercises(resolve_targets(["all"]), found, seed, None, None)
        tools = tool_results(found.root)
    finally:
        found.cleanup()
    passed = {result.exercise.id for result in results if result.passed}
    filled = {a.id for a in written_answers(submission, WEEKS, NOTEBOOKS) if a.filled}
    return checklist_lines(passed, filled, tools)


MARKS = {"done": "[x]", "written": "[x]", "todo": "[ ]", "self": "[ ]"}


def render_progress(lines: list[Line]) -> str:
    """The checklist, section by section, with what each open item still needs."""
    out: list[str] = ["Module 07 completion checklist"]
    section = ""
    for line in lines:
        if line.item.section != section:
            section = line.item.section
            out += ["", section]
        detail = f"  ({line.detail})" if line.detail else ""
        out.append(f"  {MARKS[line.state]} {line.item.text}{detail}")
    proven = sum(line.state in ("done", "written") for line in lines)
    checkable = sum(line.state != "self" for line in lines)
    out += ["", f"{proven}/{checkable} checkable items done; "
            f"{sum(line.state == 'self' for line in lines)} are yours to tick."]  # fmt: skip
    return "\n".join(out)
