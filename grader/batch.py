"""`grade batch`: grade a whole class in parallel, with a gradebook and a class summary.

    grade batch TARGET... SUBMISSIONS_DIR [-o OUT_DIR] [--jobs N] [--force] [--seed N]
                [--timeout S] [--memory GIB] [--scheduler ADDRESS] [--quiet]

Every folder (laid out like exercises/, or a flat upload) and every notebook in
SUBMISSIONS_DIR is one student, named after it (`alice/`, `bob.ipynb` -> alice, bob).
Students are graded at once, one per worker thread (one per core by default), each with
its exercises one at a time; the student code itself runs in the grader's isolated child
processes, so a hang or a crash costs that student its own time limit and nothing more.

OUT_DIR receives gradebook.csv, results/<student>.json (Gradescope's results.json),
summary.json (class averages and the most frequent mistake per exercise) and cache.json:
a rerun regrades only the students whose files, targets, seed, limits or grader changed.
`--scheduler ADDRESS` runs the same per-student grading on a Dask cluster.
"""

from __future__ import annotations

import argparse
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import grader
import solutions
from grader.answers import Answer, read_answers
from grader.checks import checks_for
from grader.cli import EXIT_INTERRUPTED, EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.discover import discover
from grader.exercises import BY_ID, Exercise, UsageError, resolve_targets
from grader.grade import failed, grade_exercises
from grader.isolation.runner import INTERRUPTED, Cancellation
from grader.report import ExerciseResult, Report, points, to_gradescope

# Bump when what a cached grade holds, or how a student is graded here, changes: old
# caches are then ignored. The front ends below don't change verdicts, so editing them
# keeps a class's cache; everything else in grader/ and solutions/ is in the fingerprint.
CACHE_FORMAT = 1
FRONT_ENDS = frozenset({"grader/batch.py", "grader/gradescope.py", "grader/cli.py"})
SKIPPED_NAMES = ("__pycache__", ".ipynb_checkpoints", "__MACOSX")
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?!\w)")
NOT_ATTEMPTED = re.compile(r"^(not implemented yet|missing module )")
DASK_HINT = "--scheduler needs Dask: pip install dl-workbook[dask]"
# The Ctrl-C handle of the run grading this thread's student (None on a Dask worker).
CANCEL: contextvars.ContextVar[Cancellation | None] = contextvars.ContextVar("cancel", default=None)


@dataclass(frozen=True)
class Settings:
    """Everything besides the student's files that a grade depends on."""

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
    """

    name: str
    entry: str
    is_file: bool
    files: dict[str, bytes]
    error: str = ""

    def digest(self, settings: Settings) -> str:
        """The content hash that decides whether a rerun may reuse this student's grade."""
        header = [asdict(settings), self.name, self.is_file, self.error]
        digest = hashlib.sha256(json.dumps(header).encode())
        for relative in sorted(self.files):
            data = self.files[relative]
            digest.update(f"\0{relative}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def unpack(self, folder: Path) -> Path:
        """Write the files under `folder`; return the path to grade."""
        base = folder if self.is_file else folder / self.entry
        base.mkdir(parents=True, exist_ok=True)
        for relative, data in self.files.items():
            target = base / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder / self.entry


@dataclass
class Record:
    """One student's grade in short, kept in the cache so a rerun can rebuild the gradebook.

    `diagnostics` holds, per failed exercise, the [check title, message] of each failed check.
    """

    scores: dict[str, float]
    max_scores: dict[str, float]
    passed: dict[str, bool]
    diagnostics: dict[str, list[list[str]]] = field(default_factory=dict)
    error: str = ""


@dataclass
class Outcome:
    """What grading one student produces: Gradescope's results.json and the short record."""

    name: str
    results: dict[str, Any]
    record: Record


@dataclass
class BatchResult:
    """A whole batch run: every student's record, who was graded and who was reused."""

    records: dict[str, Record]
    graded: list[str]
    skipped: list[str]
    seconds: float
    summary: dict[str, Any]


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
        "per-student results.json and a class summary.",
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
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def command(argv: Sequence[str]) -> int:
    """`grade batch ...`: exit 0 when the batch ran, 2 for a usage error (one line)."""
    args = build_parser().parse_args(argv)
    try:
        result = run_batch(
            args.targets, args.submissions, args.out, seed=args.seed, timeout=args.timeout,
            memory_gib=args.memory, jobs=args.jobs, force=args.force,
            scheduler=args.scheduler, quiet=args.quiet,
        )  # fmt: skip
    except UsageError as error:
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BatchInterrupted as stop:
        print(render_summary(stop.result.summary))
        print(f"  {INTERRUPTED}: {', '.join(stop.not_graded) or 'none'} (rerun to grade them)")
        print(final_line(stop.result, args.out))
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(render_summary(result.summary))
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
) -> BatchResult:
    """Grade every student under `submissions` into `out`; see the module docstring.

    Raises:
        UsageError: unknown target, no such folder, no students, bad --jobs, no Dask.
        BatchInterrupted: Ctrl-C; the students graded until then are saved and summarised.
    """
    start = time.monotonic()
    exercises = resolve_targets(targets)
    if jobs is not None and jobs < 1:
        raise UsageError("--jobs must be at least 1")
    snapshots = [snapshot(path, name) for name, path in find_students(submissions, out)]
    ids = tuple(exercise.id for exercise in exercises)
    settings = Settings(ids, seed, timeout, memory_gib, grader_fingerprint())
    for exercise in exercises:
        checks_for(exercise.id)  # load the check suites once, before any thread does
    cache = load_cache(out)
    keys = {shot.name: shot.digest(settings) for shot in snapshots}
    records = {} if force else reusable(cache, out, keys)
    todo = [shot for shot in snapshots if shot.name not in records]
    cancel = Cancellation()
    if scheduler:
        outcomes = grade_on_cluster(scheduler, todo, settings)
    else:
        outcomes = grade_locally(todo, settings, jobs or os.cpu_count() or 1, cancel)
    progress = with_progress(outcomes, len(todo), quiet)
    graded: list[str] = []
    try:
        for outcome in progress:
            save_outcome(out, outcome, keys[outcome.name], cache)
            records[outcome.name] = outcome.record
            graded.append(outcome.name)
    except KeyboardInterrupt:
        cancel.cancel()
        progress.close()
        outcomes.close()
        summary = write_class_files(out, dict(sorted(records.items())), cache, exercises, seed)
        skipped = sorted(set(records) - set(graded))
        result = BatchResult(records, sorted(graded), skipped, time.monotonic() - start, summary)
        left = sorted(shot.name for shot in todo if shot.name not in records)
        raise BatchInterrupted(result, left) from None
    summary = write_class_files(out, dict(sorted(records.items())), cache, exercises, seed)
    skipped = sorted(set(records) - set(graded))
    return BatchResult(records, sorted(graded), skipped, time.monotonic() - start, summary)


def write_class_files(
    out: Path,
    records: dict[str, Record],
    cache: dict[str, Any],
    exercises: list[Exercise],
    seed: int,
) -> dict[str, Any]:
    """The cache (current students only), gradebook.csv and summary.json; return the summary."""
    save_cache(out, {name: cache[name] for name in records})
    write_gradebook(out / "gradebook.csv", records, exercises)
    summary = summarize(records, exercises, seed)
    write_json(out / "summary.json", summary)
    return summary


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
            return Snapshot(name, path.name, True, {path.name: path.read_bytes()})
        return Snapshot(name, path.name, False, read_folder(path))
    except OSError as error:
        return Snapshot(name, path.name, path.is_file(), {}, f"cannot read {path}: {error}")


def read_folder(path: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for directory, folders, names in os.walk(path):
        folders[:] = sorted(f for f in folders if not skipped(f))
        for file_name in sorted(names):
            item = Path(directory, file_name)
            if not skipped(file_name) and not item.is_symlink() and item.is_file():
                files[item.relative_to(path).as_posix()] = item.read_bytes()
    return files


def skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_NAMES or name.endswith(".pyc")


@functools.cache
def grader_fingerprint() -> str:
    """A hash of the grader's and the reference's source, and of NumPy's and Python's version.

    Any change to a check or a reference solution invalidates every cached grade.
    """
    digest = hashlib.sha256(f"{CACHE_FORMAT} {np.__version__} {sys.version_info[:2]}".encode())
    for package in (grader, solutions):
        base = Path(str(package.__file__)).parent
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(base.parent).as_posix()
            if "__pycache__" not in relative and relative not in FRONT_ENDS:
                digest.update(f"\0{relative}\0".encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def student_seed(seed: int, name: str) -> int:
    """Each student's inputs come from (run seed, name): reproducible, and not shared."""
    return zlib.crc32(f"{seed}:{name}".encode()) & 0x7FFFFFFF


# ---- Grading one student (runs in a worker thread, or on a Dask worker) -----------------


def grade_student(
    shot: Snapshot, settings: Settings, cancel: Cancellation | None = None
) -> Outcome:
    """Grade one student. Never raises: any error becomes that student's failed grade.

    `cancel` (local runs) stops the student's children at once on Ctrl-C.
    """
    token = CANCEL.set(cancel)
    try:
        if shot.error:
            raise UsageError(shot.error)
        if settings.grader != grader_fingerprint():
            raise RuntimeError("this worker runs a different version of the grader")
        return grade_snapshot(shot, settings)
    except Exception as error:  # one student's failure never stops the batch
        return failed_outcome(shot.name, settings, describe(error))
    finally:
        CANCEL.reset(token)


def describe(error: BaseException) -> str:
    if isinstance(error, UsageError):
        return f"could not grade this submission: {error}"
    return f"could not grade this submission: {type(error).__name__}: {error}"


def grade_snapshot(shot: Snapshot, settings: Settings) -> Outcome:
    exercises = [BY_ID[exercise_id] for exercise_id in settings.targets]
    seed = student_seed(settings.seed, shot.name)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="batch-") as folder:
        path = shot.unpack(Path(folder))
        found = discover(path)
        try:
            results = grade_exercises(
                exercises, found, seed, settings.timeout, 1, settings.memory_gib, CANCEL.get()
            )
        finally:
            found.cleanup()
        answers = student_answers(path, sorted({exercise.week for exercise in exercises}))
    seconds = time.monotonic() - start
    report = Report(results, seed, shot.name, seconds, list(found.notes), answers)
    return outcome_of(shot.name, report)


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


def outcome_of(name: str, report: Report, error: str = "") -> Outcome:
    results = report.results
    record = Record(
        scores={r.exercise.id: r.score for r in results},
        max_scores={r.exercise.id: r.max_score for r in results},
        passed={r.exercise.id: r.passed for r in results},
        diagnostics={
            r.exercise.id: [[c.title, c.message] for c in r.checks if not c.passed]
            for r in results
            if not r.passed
        },
        error=error,
    )
    return Outcome(name, to_gradescope(report), record)


def failed_outcome(name: str, settings: Settings, message: str) -> Outcome:
    """Every check of every target failed with `message`: the row of an ungradable student."""
    results = [
        ExerciseResult(BY_ID[i], [failed(check, message) for check in checks_for(i)])
        for i in settings.targets
    ]
    report = Report(results, student_seed(settings.seed, name), name)
    return outcome_of(name, report, error=message)


# ---- Running many students ---------------------------------------------------------------


def grade_locally(
    todo: list[Snapshot], settings: Settings, jobs: int, cancel: Cancellation | None = None
) -> Generator[Outcome, None, None]:
    """Grade on this machine, `jobs` students at once, yielding each as it finishes.

    Ctrl-C (or closing the generator early) stops every running child at once and
    doesn't wait for the students in flight.
    """
    if not todo:
        return
    cancel = cancel or Cancellation()
    pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade")
    futures = [pool.submit(grade_student, shot, settings, cancel) for shot in todo]
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
    address: str, todo: list[Snapshot], settings: Settings
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
        futures = {client.submit(grade_student, s, settings, pure=False): s for s in todo}
        for future in distributed.as_completed(futures):
            try:
                yield future.result()
            except Exception as error:  # a worker died or the task was lost
                yield failed_outcome(futures[future].name, settings, describe(error))


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


# ---- Output files ------------------------------------------------------------------------


def reusable(cache: dict[str, Any], out: Path, keys: dict[str, str]) -> dict[str, Record]:
    """The cached records of the students whose key is unchanged."""
    found = {name: reused(cache, out, name, key) for name, key in keys.items()}
    return {name: record for name, record in found.items() if record is not None}


def reused(cache: dict[str, Any], out: Path, name: str, key: str) -> Record | None:
    """The cached record of an unchanged student whose results.json is still there."""
    entry = cache.get(name)
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    if not results_path(out, name).is_file():
        return None
    try:
        return Record(**entry["record"])
    except (KeyError, TypeError):
        return None


def results_path(out: Path, name: str) -> Path:
    return out / "results" / f"{name}.json"


def save_outcome(out: Path, outcome: Outcome, key: str, cache: dict[str, Any]) -> None:
    """Write one student's results.json and remember their grade, as soon as it is known."""
    write_json(results_path(out, outcome.name), outcome.results)
    cache[outcome.name] = {"key": key, "record": asdict(outcome.record)}
    save_cache(out, cache)


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


def gradebook_rows(records: dict[str, Record], exercises: list[Exercise]) -> list[list[str]]:
    """Header, then one row per student: points per exercise, total, max, note."""
    rows = [["student", *(e.id for e in exercises), "total", "max", "note"]]
    for name, record in records.items():
        scores = [record.scores.get(e.id, 0.0) for e in exercises]
        top = sum(record.max_scores.get(e.id, 0.0) for e in exercises)
        row = [name, *map(points, scores), points(sum(scores)), points(top), record.error]
        rows.append(row)
    return rows


def write_gradebook(path: Path, records: dict[str, Record], exercises: list[Exercise]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(gradebook_rows(records, exercises))
    os.replace(partial, path)


# ---- Class summary -------------------------------------------------------------------------


def normalise(message: str) -> str:
    """A message with its numbers blanked, so random inputs don't split one mistake in two."""
    return " ".join(NUMBER.sub("#", message).split())


def mistakes(failed_checks: list[list[str]]) -> dict[str, tuple[str, str]]:
    """normalised message -> (check title, message) of a student's real mistakes in one exercise.

    "Not implemented yet" and "missing module" are not mistakes: they count as not attempted.
    """
    found: dict[str, tuple[str, str]] = {}
    for title, message in failed_checks:
        if not NOT_ATTEMPTED.match(message):
            found.setdefault(normalise(message), (title, message))
    return found


def exercise_summary(records: dict[str, Record], exercise: Exercise) -> dict[str, Any]:
    """Average, pass count and the most frequent diagnostics of one exercise."""
    scores = [record.scores.get(exercise.id, 0.0) for record in records.values()]
    top = max((record.max_scores.get(exercise.id, 0.0) for record in records.values()), default=0)
    failing = [
        r.diagnostics.get(exercise.id, [])
        for r in records.values()
        if not r.passed.get(exercise.id)
    ]
    diagnostics, not_attempted = rank_diagnostics(failing, exercise)
    return {
        "id": exercise.id, "title": exercise.title,
        "average": round(sum(scores) / len(scores), 3) if scores else 0.0, "max_score": top,
        "passed": len(records) - len(failing), "failed": len(failing),
        "not_attempted": not_attempted,
        "most_frequent_diagnostic": diagnostics[0] if diagnostics else None,
        "diagnostics": diagnostics,
    }  # fmt: skip


def rank_diagnostics(
    failing: list[list[list[str]]], exercise: Exercise, keep: int = 5
) -> tuple[list[dict[str, Any]], int]:
    """The `keep` most frequent mistakes among the failing students, and how many didn't try.

    Each student counts once per (normalised) message; ties go to the earlier check.
    """
    order = {check.title: index for index, check in enumerate(checks_for(exercise.id))}
    counts: Counter[str] = Counter()
    examples: dict[str, tuple[str, str]] = {}
    not_attempted = 0
    for failed_checks in failing:
        found = mistakes(failed_checks)
        not_attempted += not found
        counts.update(found.keys())
        for key, example in found.items():
            examples.setdefault(key, example)

    def rank(key: str) -> tuple[int, int, str]:
        return -counts[key], order.get(examples[key][0], len(order)), key

    ranked = sorted(counts, key=rank)[:keep]
    diagnostics = [
        {"message": examples[key][1], "check": examples[key][0], "students": counts[key]}
        for key in ranked
    ]
    return diagnostics, not_attempted


def summarize(records: dict[str, Record], exercises: list[Exercise], seed: int) -> dict[str, Any]:
    """The class summary written to summary.json and printed at the end of a run."""
    totals = [sum(record.scores.values()) for record in records.values()]
    per_exercise = [exercise_summary(records, exercise) for exercise in exercises]
    return {
        "students": len(records),
        "seed": seed,
        "average_total": round(sum(totals) / len(totals), 3) if totals else 0.0,
        "max_total": sum(item["max_score"] for item in per_exercise),
        "exercises": per_exercise,
        "ungradable": {name: r.error for name, r in records.items() if r.error},
    }


def render_summary(summary: dict[str, Any]) -> str:
    """The summary as text: one block per exercise, then the class total."""
    lines = [f"Class summary: {summary['students']} students (seed {summary['seed']})"]
    for item in summary["exercises"]:
        average = f"{item['average']:.1f}/{points(item['max_score'])}"
        lines.append(
            f"  {item['id']:<8} {item['title']:<30} average {average:<9} "
            f"{item['passed']}/{summary['students']} passed"
        )
        top = item["most_frequent_diagnostic"]
        if top:
            lines.append(
                f"           most frequent mistake ({top['students']} of {item['failed']} "
                f"who failed): {top['check']}: {top['message']}"
            )
        if item["not_attempted"]:
            lines.append(f"           not attempted: {item['not_attempted']}")
    for name, error in summary["ungradable"].items():
        lines.append(f"  ungradable: {name}: {error}")
    lines.append(
        f"  Class average: {summary['average_total']:.1f}/{points(summary['max_total'])} points"
    )
    return "\n".join(lines)


def final_line(result: BatchResult, out: Path) -> str:
    rate = len(result.graded) / result.seconds if result.seconds > 0 else 0.0
    return (
        f"Graded {len(result.graded)} students ({len(result.skipped)} unchanged, skipped) "
        f"in {result.seconds:.1f} s, {rate:.2f} submissions/s; "
        f"gradebook: {out / 'gradebook.csv'}"
    )
