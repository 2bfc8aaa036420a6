"""`grade batch`'s command line and a whole run: snapshot, grade what changed, merge into
the cache, then write the gradebook, results, summary and (optionally) the reports."""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from grader.batch.cache import (
    grade_from_cache,
    load_cache,
    results_path,
    reusable,
    save_cache,
    save_outcome,
    write_json,
)
from grader.batch.execution import grade_locally, grade_on_cluster, with_progress
from grader.batch.fingerprints import grader_fingerprint
from grader.batch.gradebook import write_gradebook
from grader.batch.records import BatchInterrupted, BatchResult, StudentGrade
from grader.batch.snapshots import Settings, Snapshot, find_students, snapshot
from grader.batch.summary import final_line, render_summary, summarize, written_files
from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.cli import EXIT_INTERRUPTED, EXIT_PASSED, EXIT_USAGE, OneLineParser
from grader.course import Course, load_course
from grader.isolation.runner import Cancellation
from grader.penalties import penalty, submission_time
from grader.registry import EXERCISES, UsageError, resolve_targets
from grader.report import to_gradescope
from grader.roster import Student, match, read_roster
from grader.wording import not_graded_yet


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
