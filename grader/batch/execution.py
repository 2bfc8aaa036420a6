"""Grading students: one at a time in a worker thread, many on this machine or on Dask.

`grade_student` is the unit of work everywhere: it gets a student's files as bytes (a
`Snapshot`), grades them in a temporary folder and never raises.
"""

from __future__ import annotations

import contextvars
import sys
import tempfile
import time
from collections.abc import Generator, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from grader.batch.fingerprints import grader_fingerprint
from grader.batch.records import Outcome
from grader.batch.snapshots import Settings, Snapshot, student_seed
from grader.checks import checks_for
from grader.discover import discover
from grader.grade import failed, grade_exercises
from grader.isolation.runner import Cancellation
from grader.registry import BY_ID, UsageError
from grader.report import ExerciseResult
from grader.verdicts import FailureKind
from grader.wording import could_not_grade

DASK_HINT = "--scheduler needs Dask: pip install dl-workbook[dask]"
# The Ctrl-C handle of the run grading this thread's student (None on a Dask worker).
CANCEL: contextvars.ContextVar[Cancellation | None] = contextvars.ContextVar("cancel", default=None)


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


def failed_outcome(name: str, ids: Sequence[str], message: str) -> Outcome:
    """Every check of every exercise failed with `message`: an ungradable student."""
    kind = FailureKind.UNGRADABLE
    results = [
        ExerciseResult(BY_ID[i], [failed(check, message, kind) for check in checks_for(i)])
        for i in ids
    ]
    return Outcome(name, results, error=message)


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
