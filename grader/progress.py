"""`grade progress`: the module's completion checklist, ticked where grading proves it.

Grading every exercise, mypy and pytest take half a minute or more, so the results are kept
in a cache keyed by a hash of what they depend on (the submission's files, the grader, the
reference, the mypy settings, the seed): a second run with nothing changed answers at once.
The self-assessed items are ticked by the student in a plain text file beside the code
(`grade progress --tick N` writes it).

What it prints is in the current language (`grade progress --lang es`); the checklist's
items are English data (`workbook.checklist`), translated here when they are shown. The
cache keeps the tools' summaries in English, so a cached run shows them in any language.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Set
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from grader.answers import written_answers
from grader.discover import NOT_CODE, discover
from grader.grade import grade_exercises
from grader.i18n import N_, _, translations_of
from grader.registry import WEEKS, UsageError, resolve_targets
from workbook.checklist import CHECKLIST, Item
from workbook.paths import EXERCISES, NOTEBOOKS, ROOT

TOOL_TIMEOUT = 300.0
# mypy's settings for student code: the errors that point at bugs, not --strict's demands.
STUDENT_MYPY_CONFIG = ROOT / "workbook" / "mypy_student.ini"
# Where the student ticks the self-assessed items, beside their code.
TICKS_FILE = "self_assessment.txt"
# The most of a tool's output kept for `grade progress --details`.
MAX_OUTPUT = 100_000
# Bump when the cache's layout changes.
CACHE_VERSION = 1
# Everything whose change can change a verdict: the grader, the reference, the workbook code.
GRADER_SOURCES = ("grader", "solutions", "workbook")
# The summaries this module writes for a tool that could not run (kept in English).
TIMED_OUT = N_("timed out after {seconds:g} s")
NO_TESTS = N_("no test_*.py files of yours found under the submission")


@dataclass(frozen=True)
class Line:
    """One checklist item and its state: "done", "written", "todo" or "self".

    Attributes:
        number: the item's number in the printed checklist (1-based), for `--tick`.
        ticked: a self-assessed item the student ticked.
    """

    item: Item
    state: str
    detail: str = ""
    number: int = 0
    ticked: bool = False


@dataclass(frozen=True)
class ToolRun:
    """mypy or pytest on the student's code: passed or not, a one-line summary, the output."""

    passed: bool
    summary: str
    output: str = ""


@dataclass
class Progress:
    """Everything `grade progress` found out, and where its files are."""

    lines: list[Line]
    tools: dict[str, ToolRun]
    ticks: Path
    cached: bool


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dl-workbook"


def hash_tree(digest: Any, root: Path, skip: Iterable[str] = ()) -> None:
    """Feed every file under `root` (relative path and bytes, in order) into `digest`."""
    skipped = set(skip)
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(f for f in folders if f not in NOT_CODE and not f.startswith("."))
        for name in sorted(files):
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            if relative in skipped or name.endswith((".pyc", ".pyo")) or path.is_symlink():
                continue
            digest.update(relative.encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<unreadable>")
            digest.update(b"\0")


def fingerprint(root: Path, seed: int) -> str:
    """A hash of everything the verdicts depend on: same hash, same checklist."""
    digest = hashlib.sha256(f"v{CACHE_VERSION} seed={seed} {sys.version}".encode())
    hash_tree(digest, root, skip=[TICKS_FILE])
    for name in GRADER_SOURCES:
        hash_tree(digest, ROOT / name)
    return digest.hexdigest()


def cache_file(submission: Path | None) -> Path:
    """One cache file per submission path."""
    where = str((submission or EXERCISES).resolve())
    return cache_folder() / "progress" / (hashlib.sha256(where.encode()).hexdigest()[:24] + ".json")


def load_cache(path: Path, key: str) -> tuple[set[str], dict[str, ToolRun]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        tools = {name: ToolRun(**run) for name, run in data["tools"].items()}
        return set(data["passed"]), tools
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_cache(path: Path, key: str, passed: set[str], tools: dict[str, ToolRun]) -> None:
    data = {
        "key": key,
        "passed": sorted(passed),
        "tools": {name: run.__dict__ for name, run in tools.items()},
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # no cache: the next run is slow again, nothing worse


class Status:
    """What `grade progress` is doing, on stderr while it runs.

    On a terminal one line is redrawn twice a second with each step's state and time;
    elsewhere (a log, a pipe) each step prints a line when it starts and when it ends.
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.live = self.stream.isatty()
        self.steps: dict[str, tuple[float, str]] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Status:
        if self.live:
            self.thread = threading.Thread(target=self.redraw_loop, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread is not None:
            self.thread.join()
            self.draw(final=True)

    def start(self, step: str) -> None:
        """`step` (already in the current language) has begun."""
        with self.lock:
            self.steps[step] = (time.monotonic(), "")
        if not self.live:
            self.write(f"grade progress: {step}...")

    def finish(self, step: str, result: str) -> None:
        with self.lock:
            began = self.steps[step][0]
            took = _("{result} in {seconds:.0f} s").format(
                result=result, seconds=time.monotonic() - began
            )
            self.steps[step] = (began, took)
        if not self.live:
            self.write(f"grade progress: {step}: {self.steps[step][1]}")

    def write(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def redraw_loop(self) -> None:
        while not self.stop.wait(0.5):
            self.draw()

    def draw(self, final: bool = False) -> None:
        now = time.monotonic()
        with self.lock:
            parts = [
                f"{step}: {done}" if done else f"{step}... {now - began:.0f} s"
                for step, (began, done) in self.steps.items()
            ]
        self.stream.write("\r\033[K" + " | ".join(parts) + ("\n" if final else ""))
        self.stream.flush()


def run_tool(command: list[str], cwd: Path) -> ToolRun:
    """Run mypy or pytest on student code in a child process."""
    with tempfile.TemporaryDirectory(prefix="progress-") as home:
        env = {**os.environ, "HOME": home, "MPLBACKEND": "Agg"}
        try:
            done = subprocess.run(
                command, cwd=cwd, env=env, capture_output=True, text=True,
                timeout=TOOL_TIMEOUT, start_new_session=True, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return ToolRun(False, TIMED_OUT.format(seconds=TOOL_TIMEOUT))
    output = (done.stdout + done.stderr).strip()
    lines = output.splitlines()
    return ToolRun(done.returncode == 0, lines[-1] if lines else "", output[-MAX_OUTPUT:])


def mypy_command(root: Path) -> list[str]:
    # A cache outside the submission keeps later runs fast (torch's stubs are large).
    cache = cache_folder() / "mypy"
    return [sys.executable, "-m", "mypy", "--config-file", str(STUDENT_MYPY_CONFIG),
            "--cache-dir", str(cache), "."]  # fmt: skip


def pytest_command(tests: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "--tb=short", "-p", "no:cacheprovider", *tests]


def tool_results(root: Path, status: Status) -> dict[str, ToolRun]:
    """mypy and pytest on the student's code, side by side."""
    tests = sorted(str(path) for path in root.rglob("test_*.py"))

    def mypy() -> ToolRun:
        return timed(status, "mypy", lambda: run_tool(mypy_command(root), root))

    def pytest() -> ToolRun:
        if not tests:
            return ToolRun(False, NO_TESTS)
        return timed(status, "pytest", lambda: run_tool(pytest_command(tests), root))

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.submit(mypy), pool.submit(pytest)
        return {"mypy": runs[0].result(), "pytest": runs[1].result()}


def timed(status: Status, step: str, run: Callable[[], ToolRun]) -> ToolRun:
    status.start(step)
    result = run()
    status.finish(step, verdict(result.passed))
    return result


def verdict(passed: bool) -> str:
    """A tool run's outcome, in the current language."""
    return _("passed") if passed else _("failed")


def shown_summary(run: ToolRun) -> str:
    """A tool's one-line summary in the current language: this module's own are translated,
    the tool's last line of output stays as the tool wrote it."""
    if run.summary == NO_TESTS:
        return _(NO_TESTS)
    if run.summary == TIMED_OUT.format(seconds=TOOL_TIMEOUT):
        return _(TIMED_OUT).format(seconds=TOOL_TIMEOUT)
    return run.summary


def ticks_file(submission: Path | None) -> Path:
    """Where the student's ticks live: in the submission folder, or beside a single file."""
    if submission is None:
        return EXERCISES / TICKS_FILE
    return (submission if submission.is_dir() else submission.parent) / TICKS_FILE


def read_ticks(path: Path) -> set[str]:
    """The ticked items' texts, as written (in any language): one per line; `#` comments,
    blank lines and a leading "[x]" are allowed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    ticked = set()
    for line in text.splitlines():
        line = line.strip().removeprefix("[x]").strip()
        if line and not line.startswith("#"):
            ticked.add(line)
    return ticked


TICKS_HEADER = N_(
    "# Self-assessed items of `grade progress` you have ticked: one item per line, as the\n"
    "# checklist words it. Edit this file, or use `grade progress --tick N` / `--untick N`.\n"
)


def is_ticked(item: Item, ticks: Set[str]) -> bool:
    """Whether the ticks file names `item`, in English or in any translation."""
    return not translations_of(item.text).isdisjoint(ticks)


def tick(path: Path, numbers: Iterable[int], ticked: bool) -> list[Item]:
    """Tick (or untick) self-assessed items by their checklist number; return them.

    Raises:
        UsageError: a number names no item, or an item that grading ticks.
    """
    chosen = [self_assessed_item(number) for number in numbers]
    written = read_ticks(path)
    current = {item for item in CHECKLIST if is_ticked(item, written)}
    current = current | set(chosen) if ticked else current - set(chosen)
    # Written in the current language, as the student reads the checklist.
    ordered = [_(item.text) for item in CHECKLIST if item in current]
    path.write_text(
        _(TICKS_HEADER) + "".join(f"[x] {text}\n" for text in ordered), encoding="utf-8"
    )
    return chosen


def self_assessed_item(number: int) -> Item:
    """The checklist's item `number` (1-based), which must be one the student ticks.

    Raises:
        UsageError: a number names no item, or an item that grading ticks.
    """
    if not 1 <= number <= len(CHECKLIST):
        raise UsageError(
            _("no checklist item {number}; items are numbered 1-{count}").format(
                number=number, count=len(CHECKLIST)
            )
        )
    item = CHECKLIST[number - 1]
    if not item.self_assessed:
        raise UsageError(
            _(
                "item {number} ({text}) is ticked by grading, not by hand: only the items "
                "marked (self-assessed) take --tick"
            ).format(number=number, text=_(item.text))
        )
    return item


def checklist_lines(
    passed: set[str],
    filled: set[str],
    tools: dict[str, ToolRun],
    ticked: Set[str] = frozenset(),
) -> list[Line]:
    """Each item's state and what it still needs (in the current language)."""
    lines = []
    for number, item in enumerate(CHECKLIST, start=1):
        if item.self_assessed:
            mark = is_ticked(item, ticked)
            how = _("self-assessed: grade progress --tick {number}").format(number=number)
            lines.append(Line(item, "self", _("self-assessed") if mark else how, number, mark))
        elif item.tool:
            run = tools[item.tool]
            failed = _("{summary}; see grade progress --details")
            detail = "" if run.passed else failed.format(summary=shown_summary(run))
            lines.append(Line(item, "done" if run.passed else "todo", detail, number))
        elif item.exercises:
            # An item may need a written answer as well as passing exercises: both count.
            missing = [e for e in item.exercises if e not in passed]
            unwritten = [a for a in item.answers if a not in filled]
            needs = [f"grade {' '.join(missing)}"] if missing else []
            needs += [_("answer not written")] if unwritten else []
            lines.append(Line(item, "todo" if needs else "done", "; ".join(needs), number))
        else:
            missing = [a for a in item.answers if a not in filled]
            state = "todo" if missing else "written"
            detail = _("graded by hand") if not missing else _("not written")
            lines.append(Line(item, state, detail, number))
    return lines


def progress(
    submission: Path | None = None, seed: int = 0, status: Status | None = None
) -> Progress:
    """Grade everything, read the written answers, run mypy and pytest; tick the checklist.

    The grading and the tools are skipped when the cache holds their results for exactly
    these files (see `fingerprint`).
    """
    found = discover(submission)
    try:
        key = fingerprint(found.root, seed)
        where = cache_file(submission)
        cached = load_cache(where, key)
        if cached is not None:
            passed, tools = cached
        else:
            passed, tools = measure(found, seed, status)
            save_cache(where, key, passed, tools)
    finally:
        found.cleanup()
    filled = {a.id for a in written_answers(submission, WEEKS, NOTEBOOKS) if a.filled}
    ticks = ticks_file(submission)
    lines = checklist_lines(passed, filled, tools, read_ticks(ticks))
    return Progress(lines, tools, ticks, cached is not None)


def measure(found: Any, seed: int, status: Status | None) -> tuple[set[str], dict[str, ToolRun]]:
    """Grade every exercise while mypy and pytest run beside it."""
    exercises = resolve_targets(["all"])
    with Status() if status is None else nullcontext(status) as shown:
        with ThreadPoolExecutor(max_workers=1) as pool:
            tools = pool.submit(tool_results, found.root, shown)
            step = _("grading {count} exercises").format(count=len(exercises))
            shown.start(step)
            results = grade_exercises(exercises, found, seed, None, None)
            shown.finish(step, _("{count} passed").format(count=sum(r.passed for r in results)))
            return {r.exercise.id for r in results if r.passed}, tools.result()


MARKS = {"done": "[x]", "written": "[x]", "todo": "[ ]", "self": "[ ]"}


def render_progress(progress: Progress | list[Line]) -> str:
    """The checklist, section by section, numbered, with what each open item still needs."""
    lines = progress.lines if isinstance(progress, Progress) else progress
    out: list[str] = [_("Module 07 completion checklist")]
    section = ""
    for line in lines:
        if line.item.section != section:
            section = line.item.section
            out += ["", _(section)]
        mark = "[x]" if line.ticked else MARKS[line.state]
        detail = f"  ({line.detail})" if line.detail else ""
        out.append(f"  {line.number:>2}. {mark} {_(line.item.text)}{detail}")
    own = [line for line in lines if line.state == "self"]
    summary = _(
        "{proven}/{checkable} checkable items done; {ticked}/{own} self-assessed items ticked."
    ).format(
        proven=sum(line.state in ("done", "written") for line in lines),
        checkable=sum(line.state != "self" for line in lines),
        ticked=sum(line.ticked for line in own),
        own=len(own),
    )
    out += ["", summary]
    if isinstance(progress, Progress):
        if progress.cached:
            out.append(_("(Nothing changed since the last run: results from the cache.)"))
        out.append(_("Your ticks are kept in {path}.").format(path=shown(progress.ticks)))
    return "\n".join(out)


def render_details(progress: Progress) -> str:
    """mypy's and pytest's full output on the student's code."""
    out = []
    for name, run in progress.tools.items():
        out += [f"== {name}: {verdict(run.passed)} ==", run.output or shown_summary(run), ""]
    out.append(_("mypy's settings for your code: {path}").format(path=shown(STUDENT_MYPY_CONFIG)))
    return "\n".join(out)


def shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
