"""`grade batch`: grade a whole class in parallel, with a gradebook and a class summary.

    grade batch TARGET... SUBMISSIONS_DIR [-o OUT_DIR] [--jobs N] [--force] [--seed N]
                [--timeout S] [--memory GIB] [--scheduler ADDRESS] [--quiet]
                [--roster CSV] [--course TOML] [--no-report]

Every folder (laid out like exercises/, or a flat upload) and every notebook in
SUBMISSIONS_DIR is one student, named after it (`alice/`, `bob.ipynb` -> alice, bob).
Students are graded at once, one per worker thread (one per core by default), each with
its exercises one at a time; the student code itself runs in the grader's isolated child
processes, so a hang or a crash costs that student its own time limit and nothing more.

OUT_DIR receives gradebook.csv, results/<student>.json (Gradescope's results.json),
summary.json (class averages and the most frequent mistakes per exercise) and cache.json.
The cache is kept per (student, exercise): its key is the student's files for that
exercise, that exercise's checks and reference, the seed and the limits. A rerun grades
only the pairs whose key changed, and merges them into what OUT_DIR already holds: grading
7.7 alone keeps the other exercises' columns; editing 7.7's checks regrades only 7.7.
`--roster` adds ids, names and emails and writes Canvas's and Moodle's import files;
`--course` sets the due date and the late policy (grader.course); see grader.outputs for
the feedback files and the class report. `--scheduler ADDRESS` runs the same per-student
grading on a Dask cluster.
"""

from __future__ import annotations

import argparse
import ast
import contextvars
import csv
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
import zlib
from collections import Counter
from collections.abc import Generator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import grader
import solutions
from grader.answers import Answer, read_answers
from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.cli import EXIT_INTERRUPTED, EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.course import Course, load_course
from grader.discover import discover
from grader.grade import failed, grade_exercises
from grader.isolation.runner import Cancellation
from grader.penalties import Late, Submitted, penalty, submission_time
from grader.registry import BY_ID, EXERCISES, UsageError, resolve_targets
from grader.report import CheckResult, ExerciseResult, Report, points, to_gradescope
from grader.roster import Matching, Student, match, read_roster
from grader.verdicts import FailureKind, is_mistake, parse_kind
from grader.wording import (
    INTERRUPTED,
    could_not_grade,
    exercise_kinds,
    failures_by_kind,
    most_frequent,
    not_attempted_count,
    not_graded_yet,
    ungradable,
)

# Bump when what a cached grade holds, or how a student is graded here, changes: old
# caches are then ignored. The front ends below don't change verdicts, so editing them
# keeps a class's cache; every other file in grader/ is in every exercise's key, and each
# check suite and reference only in the keys of the exercises that use it.
CACHE_FORMAT = 3
FRONT_ENDS = frozenset({
    "grader/batch.py", "grader/gradescope.py", "grader/cli.py", "grader/roster.py",
    "grader/course.py", "grader/penalties.py", "grader/lms.py", "grader/feedback.py",
    "grader/class_report.py", "grader/similarity.py", "grader/rubric.py",
})  # fmt: skip
SKIPPED_NAMES = ("__pycache__", ".ipynb_checkpoints", "__MACOSX")
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")
REFERENCE_CALL = re.compile(r"""reference\(\s*["']([\w.]+)["']\s*\)""")
DASK_HINT = "--scheduler needs Dask: pip install dl-workbook[dask]"
# The Ctrl-C handle of the run grading this thread's student (None on a Dask worker).
CANCEL: contextvars.ContextVar[Cancellation | None] = contextvars.ContextVar("cancel", default=None)
MODULE_PATHS = {exercise.path: exercise.id for exercise in EXERCISES}
MODULE_NAMES = {exercise.filename: exercise.id for exercise in EXERCISES}


@dataclass(frozen=True)
class Settings:
    """Everything besides the student's files that a grade depends on.

    `grader` fingerprints the grader's shared code and the targets' checks and references:
    a Dask worker with another version refuses to grade.
    """

    targets: tuple[str, ...]
    seed: int = 0
    timeout: float | None = None
    memory_gib: float | None = None
    grader: str = ""


@dataclass(frozen=True)
class Snapshot:
    """A student's files as bytes: what is hashed is exactly what is graded, anywhere.

    Attributes:
        name: the student (the entry's name, without .ipynb).
        entry: the entry's name in SUBMISSIONS_DIR.
        is_file: the entry is a notebook, not a folder.
        files: relative POSIX path inside the entry (the entry's own name for a file) -> bytes.
        error: why the files could not be read; grading then fails with it.
        mtime: the newest modification time of its files (a late penalty's last resort).
    """

    name: str
    entry: str
    is_file: bool
    files: dict[str, bytes]
    error: str = ""
    mtime: float | None = None

    def key(self, exercise_id: str, settings: Settings) -> str:
        """The content hash that decides whether a rerun may reuse this exercise's grade.

        It covers the student's files for this exercise (its module, and every file that
        is not another exercise's module), the exercise's checks and reference, the shared
        grader code, the seed and the limits.
        """
        header = [exercise_id, exercise_fingerprint(exercise_id), common_fingerprint(),
                  settings.seed, settings.timeout, settings.memory_gib, self.name,
                  self.is_file, self.error]  # fmt: skip
        digest = hashlib.sha256(json.dumps(header).encode())
        for relative in self.relevant(exercise_id):
            data = self.files[relative]
            digest.update(f"\0{relative}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def relevant(self, exercise_id: str) -> list[str]:
        """The files an exercise's grade may depend on: all but the other exercises' modules."""
        modules = [name for name in self.files if module_of(name) is not None]
        chosen = []
        for relative in sorted(self.files):
            owner = module_of(relative)
            if owner is not None and owner != exercise_id:
                continue
            if modules and relative.endswith(".ipynb"):
                continue  # beside modules, notebooks hold written answers, not graded code
            chosen.append(relative)
        return chosen

    def unpack(self, folder: Path) -> Path:
        """Write the files under `folder`; return the path to grade."""
        base = folder if self.is_file else folder / self.entry
        base.mkdir(parents=True, exist_ok=True)
        for relative, data in self.files.items():
            target = base / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder / self.entry


def module_of(relative: str) -> str | None:
    """The exercise whose module `relative` is (tree or flat layout), if any."""
    for path, exercise_id in MODULE_PATHS.items():
        if relative == path or relative.endswith("/" + path):
            return exercise_id
    return MODULE_NAMES.get(relative)


@dataclass
class Outcome:
    """What grading some exercises of one student produces (in a thread or on Dask)."""

    name: str
    results: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class StudentGrade:
    """One student's grade: every exercise graded so far (this run or cached), merged.

    Attributes:
        name: the submission's name.
        results: exercise id -> its result.
        notes: remarks from grading (magics removed ...).
        error: why the submission could not be graded at all, or "".
        answers: the written answers and whether each is filled in.
        seed: the student's seed (`grade --seed` reproduces their inputs).
        submitted: when they submitted (only read when a due date is set).
        late: the late penalty (only with a due date).
        student: their roster row, when a roster matched them.
    """

    name: str
    results: dict[str, ExerciseResult]
    notes: list[str] = field(default_factory=list)
    error: str = ""
    answers: list[Answer] = field(default_factory=list)
    seed: int = 0
    submitted: Submitted | None = None
    late: Late | None = None
    student: Student | None = None

    @property
    def scores(self) -> dict[str, float]:
        return {key: result.score for key, result in self.results.items()}

    @property
    def max_scores(self) -> dict[str, float]:
        return {key: result.max_score for key, result in self.results.items()}

    @property
    def passed(self) -> dict[str, bool]:
        return {key: result.passed for key, result in self.results.items()}

    @property
    def failures(self) -> dict[str, list[CheckResult]]:
        """Per failed exercise, its failed checks."""
        return {
            key: [check for check in result.checks if not check.passed]
            for key, result in self.results.items()
            if not result.passed
        }

    @property
    def kinds(self) -> dict[str, FailureKind]:
        """Per failed exercise, why it failed (`ExerciseResult.kind`)."""
        found = {key: result.kind for key, result in self.results.items()}
        return {key: kind for key, kind in found.items() if kind is not None}

    @property
    def total(self) -> float:
        return sum(result.score for result in self.results.values())

    @property
    def final(self) -> float:
        return self.late.final if self.late is not None else self.total

    @property
    def seconds(self) -> float:
        return sum(result.seconds for result in self.results.values())

    def report(self, exercises: Sequence[Spec]) -> Report:
        results = [self.results[e.id] for e in exercises if e.id in self.results]
        notes = [*self.notes, *([self.error] if self.error else [])]
        return Report(results, self.seed, self.name, self.seconds, notes, self.answers)


@dataclass
class BatchResult:
    """A whole batch run: every student's grade, who was graded and who was reused.

    Attributes:
        records: student name -> grade, for the students in SUBMISSIONS_DIR.
        graded: students with at least one exercise graded in this run.
        skipped: students whose every targeted exercise was reused from the cache.
        exercises: the gradebook's columns: this run's targets and those cached before.
        matching: the roster matching, when a roster was given.
    """

    records: dict[str, StudentGrade]
    graded: list[str]
    skipped: list[str]
    seconds: float
    summary: dict[str, Any]
    exercises: list[Spec] = field(default_factory=list)
    matching: Matching | None = None
    course: Course = field(default_factory=Course)
    roster_order: list[Student] = field(default_factory=list)
    regraded: dict[str, list[str]] = field(default_factory=dict)


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C during a batch: the children are stopped; the students graded so far are saved.

    Attributes:
        result: the batch as far as it went (gradebook and summary of those students).
        not_graded: the students left for a rerun.
    """

    def __init__(self, result: BatchResult, not_graded: list[str]) -> None:
        super().__init__(INTERRUPTED)
        self.result = result
        self.not_graded = not_graded


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade batch",
        description="Grade every submission of a class in parallel; write a gradebook, "
        "per-student results.json and feedback, a class summary and report, and the LMS "
        "import files.",
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="week, exercise id, or all")
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help="one folder or notebook per student")  # fmt: skip
    parser.add_argument("-o", "--out", type=Path, default=Path("grades"), metavar="OUT_DIR",
                        help="where the gradebook and results go (default: grades/)")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=None,
                        help="students graded at once (default: one per core)")  # fmt: skip
    parser.add_argument("--force", action="store_true", help="regrade unchanged submissions too")
    parser.add_argument("--seed", type=int, default=0,
                        help="run seed; each student's inputs come from (seed, name)")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=None, help="seconds per exercise")
    parser.add_argument("--memory", type=float, default=None, metavar="GIB",
                        help="memory cap per exercise in GiB")  # fmt: skip
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="grade on a Dask cluster, e.g. tcp://10.0.0.5:8786")  # fmt: skip
    parser.add_argument("--roster", type=Path, default=None, metavar="CSV",
                        help="match submissions to students; write LMS files")  # fmt: skip
    parser.add_argument("--course", type=Path, default=None, metavar="TOML",
                        help="due date, late policy and LMS column names")  # fmt: skip
    parser.add_argument("--no-report", action="store_true",
                        help="no feedback files, class report or similarity")  # fmt: skip
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def command(argv: Sequence[str]) -> int:
    """`grade batch ...`: exit 0 when the batch ran, 2 for a usage error (one line)."""
    args = build_parser().parse_args(argv)
    try:
        result = run_batch(
            args.targets, args.submissions, args.out, seed=args.seed, timeout=args.timeout,
            memory_gib=args.memory, jobs=args.jobs, force=args.force,
            scheduler=args.scheduler, quiet=args.quiet, roster=args.roster,
            course=args.course, report=not args.no_report,
        )  # fmt: skip
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BatchInterrupted as stop:
        print(render_summary(stop.result.summary))
        print(f"  {not_graded_yet(stop.not_graded)}")
        print(final_line(stop.result, args.out))
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(render_summary(result.summary))
    for line in result.matching.lines() if result.matching else []:
        print(line)
    for line in written_files(result, args.out):
        print(line)
    print(final_line(result, args.out))
    return EXIT_PASSED


def run_batch(
    targets: Sequence[str],
    submissions: Path,
    out: Path,
    *,
    seed: int = 0,
    timeout: float | None = None,
    memory_gib: float | None = None,
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    quiet: bool = True,
    roster: Path | None = None,
    course: Path | None = None,
    report: bool = False,
) -> BatchResult:
    """Grade every student under `submissions` into `out`; see the module docstring.

    Raises:
        UsageError: unknown target, no such folder, no students, bad --jobs, no Dask,
            an unreadable roster or course file.
        BatchInterrupted: Ctrl-C; the students graded until then are saved and summarised.
    """
    start = time.monotonic()
    exercises = resolve_targets(targets)
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
    students = (load_course(course), read_roster(roster) if roster else None)
    snapshots = [snapshot(path, name) for name, path in find_students(submissions, out)]
    ids = tuple(exercise.id for exercise in exercises)
    settings = Settings(ids, seed, timeout, memory_gib, grader_fingerprint(ids))
    for exercise in exercises:
        checks_for(exercise.id)  # load the check suites once, before any thread does
    cache = load_cache(out)
    keys = {shot.name: {i: shot.key(i, settings) for i in ids} for shot in snapshots}
    todo = [
        (shot, [i for i in ids if force or not reusable(cache, shot.name, i, keys[shot.name][i])])
        for shot in snapshots
    ]
    todo = [(shot, chosen) for shot, chosen in todo if chosen]
    cancel = Cancellation()
    if scheduler:
        outcomes = grade_on_cluster(scheduler, todo, settings)
    else:
        outcomes = grade_locally(todo, settings, jobs or os.cpu_count() or 1, cancel)
    progress = with_progress(outcomes, len(todo), quiet)
    graded: list[str] = []
    regraded: dict[str, list[str]] = {}
    finish = functools.partial(
        finish_batch, out, submissions, snapshots, cache, exercises, seed, students, start
    )
    try:
        for outcome in progress:
            save_outcome(out, outcome, keys[outcome.name], cache, seed)
            graded.append(outcome.name)
            regraded[outcome.name] = [result.exercise.id for result in outcome.results]
    except KeyboardInterrupt:
        cancel.cancel()
        progress.close()
        outcomes.close()
        result = finish(graded, report=False)
        left = sorted({shot.name for shot, _ in todo} - set(graded))
        raise BatchInterrupted(result, left) from None
    result = finish(graded, report=report)
    result.regraded = dict(sorted(regraded.items()))
    return result


def finish_batch(
    out: Path,
    submissions: Path,
    snapshots: list[Snapshot],
    cache: dict[str, Any],
    exercises: list[Spec],
    seed: int,
    students: tuple[Course, list[Student] | None],
    start: float,
    graded: list[str],
    report: bool,
) -> BatchResult:
    """Merge this run into the cache and write every class file; return the batch."""
    course, roster = students
    current = {shot.name for shot in snapshots}
    save_cache(out, {name: entry for name, entry in cache.items() if name in current})
    columns = [e for e in EXERCISES if e in exercises or any(
        e.id in cache.get(shot.name, {}).get("exercises", {}) for shot in snapshots)]  # fmt: skip
    matching = match([shot.name for shot in snapshots], roster) if roster is not None else None
    records: dict[str, StudentGrade] = {}
    for shot in snapshots:
        if shot.name not in cache:
            continue
        record = grade_from_cache(shot, cache[shot.name], submissions, seed)
        record.student = matching.students.get(shot.name) if matching else None
        if course.due is not None:
            record.submitted = submission_time(shot.files, shot.mtime)
            if record.submitted.time is not None:
                record.late = penalty(record.total, record.submitted.time, course.due, course.late)
        records[shot.name] = record
        write_json(results_path(out, shot.name), to_gradescope(record.report(columns)))
    summary = summarize(records, columns, seed)
    if matching is not None:
        summary["roster"] = {
            "unmatched": matching.unmatched,
            "missing": [student.id for student in matching.missing],
        }
    result = BatchResult(
        records, sorted(graded), sorted(set(records) - set(graded)), 0.0, summary, columns,
        matching, course, roster or [],
    )  # fmt: skip
    write_gradebook(out / "gradebook.csv", result)
    if matching is not None:
        from grader.lms import write_exports

        write_exports(out, result)
    if report:
        write_reports(out, result, snapshots)
    write_json(out / "summary.json", result.summary)
    result.seconds = time.monotonic() - start
    return result


def write_reports(out: Path, result: BatchResult, snapshots: list[Snapshot]) -> None:
    """Feedback files, similarity and the class report (imported here: they need matplotlib)."""
    from grader.class_report import write_report
    from grader.feedback import write_feedback
    from grader.similarity import find_pairs

    write_feedback(out, result)
    code = {shot.name: shot.files for shot in snapshots if shot.name in result.records}
    pairs = find_pairs([exercise.id for exercise in result.exercises], code)
    result.summary["similar"] = [
        {"exercise": p.exercise, "students": [p.first, p.second], "similarity": p.similarity}
        for p in pairs
    ]
    write_report(out, result, pairs)


# ---- Students and their files ----------------------------------------------------------


def find_students(folder: Path, out: Path) -> list[tuple[str, Path]]:
    """(name, path) of each student: every folder and every notebook, in name order.

    Hidden entries, __MACOSX and the output folder itself are not students; other files
    (a roster, a manifest) are ignored.
    """
    if not folder.is_dir():
        raise UsageError(f"no such submissions folder: {folder}")
    students: dict[str, Path] = {}
    for item in sorted(folder.iterdir()):
        if item.name.startswith(".") or item.name in SKIPPED_NAMES or same_path(item, out):
            continue
        if item.is_dir() or item.suffix == ".ipynb":
            name = item.name.removesuffix(".ipynb")
            if name in students:
                raise UsageError(f"two submissions for {name}: {students[name].name}, {item.name}")
            students[name] = item
    if not students:
        raise UsageError(f"{folder} holds no submissions (one folder or notebook per student)")
    return list(students.items())


def same_path(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def snapshot(path: Path, name: str) -> Snapshot:
    """Read a student's files: a notebook, or every file in a folder (caches left out)."""
    try:
        if path.is_file():
            return Snapshot(name, path.name, True, {path.name: path.read_bytes()},
                            mtime=path.stat().st_mtime)  # fmt: skip
        files, mtime = read_folder(path)
        error = "" if files else f"empty submission: {path.name}/ holds no files"
        return Snapshot(name, path.name, False, files, error, mtime)
    except OSError as error:
        return Snapshot(name, path.name, path.is_file(), {}, f"cannot read {path}: {error}")


def read_folder(path: Path) -> tuple[dict[str, bytes], float | None]:
    """Every file under `path` (caches left out) and the newest modification time."""
    files: dict[str, bytes] = {}
    newest: float | None = None
    for directory, folders, names in os.walk(path):
        folders[:] = sorted(f for f in folders if not skipped(f))
        for file_name in sorted(names):
            item = Path(directory, file_name)
            if not skipped(file_name) and not item.is_symlink() and item.is_file():
                files[item.relative_to(path).as_posix()] = item.read_bytes()
                newest = max(newest or 0.0, item.stat().st_mtime)
    return files, newest


def skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_NAMES or name.endswith(".pyc")


def grader_sources() -> dict[str, bytes]:
    """relative path -> source of every file of `grader/` and `solutions/` that may matter."""
    found: dict[str, bytes] = {}
    for package in (grader, solutions):
        base = Path(str(package.__file__)).parent
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(base.parent).as_posix()
            if "__pycache__" not in relative and relative not in FRONT_ENDS:
                found[relative] = path.read_bytes()
    return found


@functools.cache
def exercise_files(exercise_id: str) -> tuple[str, ...]:
    """The check suites of an exercise (and the suites they import), and its references."""
    suites = {check.run.__module__ for check in checks_for(exercise_id)}
    pending, seen = list(suites), set(suites)
    sources = grader_sources()
    references = {BY_ID[exercise_id].module}
    while pending:
        relative = pending.pop().replace(".", "/") + ".py"
        text = sources.get(relative, b"").decode("utf-8", errors="replace")
        references.update(REFERENCE_CALL.findall(text))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module in suite_modules():
                if node.module not in seen:
                    seen.add(node.module)
                    pending.append(node.module)
    files = {module.replace(".", "/") + ".py" for module in seen}
    files |= {f"solutions/{module.replace('.', '/')}.py" for module in references}
    return tuple(sorted(files))


@functools.cache
def suite_modules() -> frozenset[str]:
    """The modules of grader.checks that declare checks (one per exercise, or shared)."""
    return frozenset(
        check.run.__module__ for exercise in EXERCISES for check in checks_for(exercise.id)
    )


@functools.cache
def exercise_fingerprint(exercise_id: str) -> str:
    sources = grader_sources()
    digest = hashlib.sha256()
    for relative in exercise_files(exercise_id):
        digest.update(f"\0{relative}\0".encode() + sources.get(relative, b""))
    return digest.hexdigest()[:16]


@functools.cache
def common_fingerprint() -> str:
    """A hash of the grader's shared code, and of NumPy's and Python's version.

    Check suites and reference solutions are left out: each is in the key of the exercises
    that use it (`exercise_fingerprint`), so editing one check regrades one exercise.
    """
    owned = {relative for e in EXERCISES for relative in exercise_files(e.id)}
    digest = hashlib.sha256(f"{CACHE_FORMAT} {np.__version__} {sys.version_info[:2]}".encode())
    for relative, data in grader_sources().items():
        shared = relative.startswith("grader/") or relative.endswith("__init__.py")
        if relative not in owned and shared:
            digest.update(f"\0{relative}\0".encode() + data)
    return digest.hexdigest()[:16]


def grader_fingerprint(targets: Sequence[str] = ()) -> str:
    """The shared code's fingerprint and that of each target: what a worker must match."""
    parts = [common_fingerprint(), *(exercise_fingerprint(i) for i in targets)]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def student_seed(seed: int, name: str) -> int:
    """Each student's inputs come from (run seed, name): reproducible, and not shared."""
    return zlib.crc32(f"{seed}:{name}".encode()) & 0x7FFFFFFF


# ---- Grading one student (runs in a worker thread, or on a Dask worker) -----------------


def grade_student(
    shot: Snapshot, settings: Settings, ids: Sequence[str], cancel: Cancellation | None = None
) -> Outcome:
    """Grade exercises `ids` of one student. Never raises: an error fails that student.

    `cancel` (local runs) stops the student's children at once on Ctrl-C.
    """
    token = CANCEL.set(cancel)
    try:
        if shot.error:
            raise UsageError(shot.error)
        if settings.grader != grader_fingerprint(settings.targets):
            raise RuntimeError("this worker runs a different version of the grader")
        return grade_snapshot(shot, settings, ids)
    except Exception as error:  # one student's failure never stops the batch
        return failed_outcome(shot.name, ids, describe(error))
    finally:
        CANCEL.reset(token)


def describe(error: BaseException) -> str:
    if isinstance(error, UsageError):
        return could_not_grade(str(error))
    return could_not_grade(f"{type(error).__name__}: {error}")


def grade_snapshot(shot: Snapshot, settings: Settings, ids: Sequence[str]) -> Outcome:
    exercises = [BY_ID[exercise_id] for exercise_id in ids]
    seed = student_seed(settings.seed, shot.name)
    with tempfile.TemporaryDirectory(prefix="batch-") as folder:
        path = shot.unpack(Path(folder))
        found = discover(path)
        try:
            results = grade_exercises(
                exercises, found, seed, settings.timeout, 1, settings.memory_gib, CANCEL.get()
            )
        finally:
            found.cleanup()
    return Outcome(shot.name, results, list(found.notes))


def student_answers(path: Path, weeks: list[str]) -> list[Answer]:
    """Written answers: the notebook itself, or the week notebooks in the student's folder."""
    if path.is_file():
        notebooks = [path]
    else:
        named = [
            folder / f"{week}.ipynb" for folder in (path, path / "notebooks") for week in weeks
        ]
        notebooks = [item for item in named if item.is_file()] or sorted(path.glob("*.ipynb"))[:1]
    return [answer for notebook in notebooks for answer in read_answers(notebook)]


def failed_outcome(name: str, ids: Sequence[str], message: str) -> Outcome:
    """Every check of every exercise failed with `message`: an ungradable student."""
    kind = FailureKind.UNGRADABLE
    results = [
        ExerciseResult(BY_ID[i], [failed(check, message, kind) for check in checks_for(i)])
        for i in ids
    ]
    return Outcome(name, results, error=message)


# ---- Running many students ---------------------------------------------------------------


def grade_locally(
    todo: list[tuple[Snapshot, list[str]]],
    settings: Settings,
    jobs: int,
    cancel: Cancellation | None = None,
) -> Generator[Outcome, None, None]:
    """Grade on this machine, `jobs` students at once, yielding each as it finishes.

    Ctrl-C (or closing the generator early) stops every running child at once and
    doesn't wait for the students in flight.
    """
    if not todo:
        return
    cancel = cancel or Cancellation()
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade")
    futures = [pool.submit(grade_student, shot, settings, ids, cancel) for shot, ids in todo]
    try:
        for future in as_completed(futures):
            yield future.result()
    except BaseException:
        cancel.cancel()
        raise
    finally:
        for future in futures:
            future.cancel()
        pool.shutdown(wait=not cancel.cancelled)


def grade_on_cluster(
    address: str, todo: list[tuple[Snapshot, list[str]]], settings: Settings
) -> Generator[Outcome, None, None]:
    """Grade on a Dask cluster: the same `grade_student`, one task per student.

    The files travel with the task, so workers need the grader installed but no shared disk.
    """
    distributed = import_distributed()
    try:
        client = distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    with client:
        if not todo:
            return
        futures = {
            client.submit(grade_student, shot, settings, ids, pure=False): (shot, ids)
            for shot, ids in todo
        }
        for future in distributed.as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker died or the task was lost
                shot, ids = futures[future]
                yield failed_outcome(shot.name, ids, describe(error))


def import_distributed() -> Any:
    """dask.distributed, imported only when --scheduler asks for it."""
    try:
        import distributed
    except ImportError:
        raise UsageError(DASK_HINT) from None
    return distributed


def with_progress(
    outcomes: Iterable[Outcome], total: int, quiet: bool
) -> Generator[Outcome, None, None]:
    """Pass outcomes through, drawing a progress bar with the estimated finish time."""
    from tqdm import tqdm

    hidden = quiet or total == 0 or not sys.stderr.isatty()
    bar = tqdm(total=total, unit="student", file=sys.stderr, disable=hidden, dynamic_ncols=True)
    start = time.monotonic()
    with bar:
        for outcome in outcomes:
            yield outcome
            bar.update(1)
            bar.set_postfix_str(f"done by {finish_time(start, bar.n, total)}")


def finish_time(start: float, done: int, total: int) -> str:
    """The clock time the batch should end, from the rate so far."""
    left = (time.monotonic() - start) / max(done, 1) * (total - done)
    return time.strftime("%H:%M:%S", time.localtime(time.time() + left))


# ---- The cache: one entry per (student, exercise) ----------------------------------------


def reusable(cache: dict[str, Any], name: str, exercise_id: str, key: str) -> bool:
    """Whether the cache holds this student's exercise under an unchanged key."""
    entry = cache.get(name, {}).get("exercises", {}).get(exercise_id)
    return isinstance(entry, dict) and entry.get("key") == key and "checks" in entry


def encode_result(result: ExerciseResult, key: str) -> dict[str, Any]:
    """A result as JSON: each check as [name, title, points, max, passed, message, kind]."""
    checks = [
        [c.name, c.title, c.points, c.max_points, c.passed, c.message, c.kind and c.kind.value]
        for c in result.checks
    ]
    return {"key": key, "checks": checks, "seconds": result.seconds, "output": result.output}


def decode_check(item: list[Any]) -> CheckResult:
    """One check of a cache entry; one written before kinds (six fields) fails as MISTAKE."""
    name, title, earned, top, passed, message = item[:6]
    kind = parse_kind(item[6] if len(item) > 6 else None, bool(passed))
    return CheckResult(str(name), str(title), float(earned), float(top), bool(passed),
                       str(message), kind)  # fmt: skip


def decode_result(exercise: Spec, entry: dict[str, Any]) -> ExerciseResult:
    checks = [decode_check(item) for item in entry["checks"]]
    return ExerciseResult(exercise, checks, float(entry["seconds"]), str(entry["output"]))


def save_outcome(
    out: Path, outcome: Outcome, keys: dict[str, str], cache: dict[str, Any], seed: int
) -> None:
    """Merge one student's newly graded exercises into the cache, as soon as they are known."""
    entry = cache.setdefault(outcome.name, {"exercises": {}, "notes": [], "error": ""})
    for result in outcome.results:
        entry["exercises"][result.exercise.id] = encode_result(result, keys[result.exercise.id])
    entry["notes"], entry["error"] = outcome.notes, outcome.error
    save_cache(out, cache)


def grade_from_cache(
    shot: Snapshot, entry: dict[str, Any], submissions: Path, seed: int
) -> StudentGrade:
    """A student's merged grade: every cached exercise, their notes and written answers."""
    results = {
        exercise.id: decode_result(exercise, entry["exercises"][exercise.id])
        for exercise in EXERCISES
        if exercise.id in entry.get("exercises", {})
    }
    weeks = sorted({BY_ID[i].week for i in results})
    answers = student_answers(submissions / shot.entry, weeks) if not shot.error else []
    notes = list(entry.get("notes", []))
    error = str(entry.get("error", ""))
    return StudentGrade(shot.name, results, notes, error, answers, student_seed(seed, shot.name))


def results_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def load_cache(out: Path) -> dict[str, Any]:
    try:
        document = json.loads((out / "cache.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != CACHE_FORMAT:
        return {}
    students = document.get("students")
    return dict(students) if isinstance(students, dict) else {}


def save_cache(out: Path, students: dict[str, Any]) -> None:
    write_json(out / "cache.json", {"format": CACHE_FORMAT, "students": students})


def write_json(path: Path, document: Any) -> None:
    """Write atomically: an interrupted run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


# ---- The gradebook -------------------------------------------------------------------------


def gradebook_rows(result: BatchResult) -> list[list[str]]:
    """Header, then one row per student: points per exercise, total, max, note.

    With a roster: `id`, `name`, `email` after `student`, and a row for each roster student
    without a submission. With a due date: `submitted`, `days_late`, `penalty` and `final`
    after `max` (`total` is the raw score).
    """
    roster = result.matching is not None
    late = result.course.due is not None
    exercises = result.exercises
    header = ["student", *(["id", "name", "email"] if roster else []), *(e.id for e in exercises),
              "total", "max", *(["submitted", "days_late", "penalty", "final"] if late else []),
              "note"]  # fmt: skip
    rows = [header]
    top = points(sum(checks_max(e.id) for e in exercises))
    for name, record in result.records.items():
        person = record.student
        who = [person.id, person.name, person.email] if person else ["", "", ""]
        scores = [points(record.scores[e.id]) if e.id in record.scores else "" for e in exercises]
        row = [name, *(who if roster else []), *scores, points(record.total), top]
        if late:
            row += late_cells(record)
        row.append(note(record, roster))
        rows.append(row)
    for person in result.matching.missing if result.matching else []:
        blank = [""] * len(exercises)
        row = ["", person.id, person.name, person.email, *blank, "0", top]
        rows.append([*row, *([""] * 4 if late else []), "no submission"])
    return rows


def late_cells(record: StudentGrade) -> list[str]:
    submitted = record.submitted
    when = submitted.time.isoformat(timespec="seconds") if submitted and submitted.time else ""
    if record.late is None:
        return [when, "", "", points(record.total)]
    late = record.late
    return [when, str(late.days), points(late.penalty), points(late.final)]


def note(record: StudentGrade, roster: bool) -> str:
    parts = [record.error] if record.error else []
    if roster and record.student is None:
        parts.append("not on the roster")
    if record.submitted is not None and record.submitted.warning:
        parts.append(f"submission time: {record.submitted.warning}")
    if record.late is not None and record.late.percent:
        parts.append(f"{record.late.days} day(s) late: -{record.late.percent:g}%")
    kinds = record.kinds if not record.error else {}
    if kinds:
        parts.append(exercise_kinds(kinds))
    return "; ".join(parts)


def checks_max(exercise_id: str) -> float:
    return sum(check.points for check in checks_for(exercise_id))


def write_gradebook(path: Path, result: BatchResult) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(gradebook_rows(result))
    os.replace(partial, path)


# ---- Class summary -------------------------------------------------------------------------


def normalise(message: str) -> str:
    """A message with its numbers blanked, so random inputs don't split one mistake in two."""
    return " ".join(NUMBER.sub("#", message).split())


def mistakes(failed_checks: list[CheckResult]) -> dict[str, tuple[str, str]]:
    """normalised message -> (check title, message) of a student's real mistakes in one exercise.

    Checks not attempted, and those skipped or interrupted because of something else, are
    not mistakes (`grader.verdicts.is_mistake`).
    """
    found: dict[str, tuple[str, str]] = {}
    for check in failed_checks:
        if is_mistake(check.kind):
            found.setdefault(normalise(check.message), (check.title, check.message))
    return found


def exercise_summary(records: dict[str, StudentGrade], exercise: Spec) -> dict[str, Any]:
    """Average, pass count and the most frequent diagnostics of one exercise."""
    graded = [r for r in records.values() if exercise.id in r.results]
    scores = [record.scores[exercise.id] for record in graded]
    failing = [r.failures.get(exercise.id, []) for r in graded if not r.passed[exercise.id]]
    diagnostics = rank_diagnostics(failing, exercise)
    kinds = Counter(r.kinds[exercise.id].value for r in graded if exercise.id in r.kinds)
    top = [d for d in diagnostics if d["students"] == diagnostics[0]["students"]]
    return {
        "id": exercise.id, "title": exercise.title, "graded": len(graded),
        "average": round(sum(scores) / len(scores), 3) if scores else 0.0,
        "max_score": checks_max(exercise.id),
        "passed": len(graded) - len(failing), "failed": len(failing),
        "not_attempted": kinds[FailureKind.NOT_ATTEMPTED.value],
        "kinds": dict(sorted(kinds.items())),
        "most_frequent_diagnostic": diagnostics[0] if diagnostics else None,
        "most_frequent_diagnostics": top if diagnostics else [],
        "diagnostics": diagnostics,
        "scores": scores,
    }  # fmt: skip


def rank_diagnostics(
    failing: list[list[CheckResult]], exercise: Spec, keep: int = 5
) -> list[dict[str, Any]]:
    """The most frequent mistakes among the failing students.

    Each student counts once per (normalised) message. The order is fixed: count, then the
    check's place in the suite, then the message; all mistakes tied with the `keep`-th
    are kept, so a tie is shown rather than broken.
    """
    order = {check.title: index for index, check in enumerate(checks_for(exercise.id))}
    counts: Counter[str] = Counter()
    examples: dict[str, tuple[str, str]] = {}
    for failed_checks in failing:
        found = mistakes(failed_checks)
        counts.update(found.keys())
        for key, example in found.items():
            examples.setdefault(key, example)

    def rank(key: str) -> tuple[int, int, str]:
        return -counts[key], order.get(examples[key][0], len(order)), key

    ranked = sorted(counts, key=rank)
    if len(ranked) > keep:
        last = counts[ranked[keep - 1]]
        ranked = [key for key in ranked if counts[key] >= last]
    diagnostics = [
        {"message": examples[key][1], "check": examples[key][0], "students": counts[key]}
        for key in ranked
    ]
    return diagnostics


def summarize(records: dict[str, StudentGrade], exercises: list[Spec], seed: int) -> dict[str, Any]:
    """The class summary written to summary.json and printed at the end of a run."""
    totals = [record.total for record in records.values()]
    per_exercise = [exercise_summary(records, exercise) for exercise in exercises]
    return {
        "students": len(records),
        "seed": seed,
        "average_total": round(sum(totals) / len(totals), 3) if totals else 0.0,
        "max_total": sum(item["max_score"] for item in per_exercise),
        "exercises": per_exercise,
        "seconds": {name: round(r.seconds, 3) for name, r in records.items()},
        "ungradable": {name: r.error for name, r in records.items() if r.error},
    }


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def render_summary(summary: dict[str, Any]) -> str:
    """The summary as text: one block per exercise, then the class total."""
    students = summary["students"]
    lines = [f"Class summary: {plural(students, 'student')} (seed {summary['seed']})"]
    for item in summary["exercises"]:
        average = f"{item['average']:.1f}/{points(item['max_score'])}"
        lines.append(
            f"  {item['id']:<8} {item['title']:<30} average {average:<9} "
            f"{item['passed']}/{item['graded']} passed"
        )
        top = most_frequent(item["most_frequent_diagnostics"], item["failed"])
        lines += [f"           {line}" for line in top[:1]]
        lines += [f"             {line}" for line in top[1:]]
        if item["not_attempted"]:
            lines.append(f"           {not_attempted_count(item['not_attempted'])}")
        if item.get("kinds"):
            lines.append(f"           {failures_by_kind(item['kinds'])}")
    for name, error in summary["ungradable"].items():
        lines.append(f"  {ungradable(name, error)}")
    lines.append(
        f"  Class average: {summary['average_total']:.1f}/{points(summary['max_total'])} points"
    )
    return "\n".join(lines)


def written_files(result: BatchResult, out: Path) -> list[str]:
    """The files besides the gradebook that an instructor takes away."""
    names = ["canvas.csv", "moodle.csv", "report.html", "feedback"]
    return [f"  wrote {out / name}" for name in names if (out / name).exists()]


def final_line(result: BatchResult, out: Path) -> str:
    rate = len(result.graded) / result.seconds if result.seconds > 0 else 0.0
    return (
        f"Graded {plural(len(result.graded), 'student')} ({len(result.skipped)} unchanged, "
        f"skipped) in {result.seconds:.1f} s, {rate:.2f} submissions/s; "
        f"gradebook: {out / 'gradebook.csv'}"
    )
