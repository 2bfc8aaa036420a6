"""The grading pipeline: discover the submission, run each exercise isolated, check, report."""

from __future__ import annotations

import ast
import importlib
import os
import re
import secrets
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from grader import wording
from grader.answers import written_answers
from grader.borrowing import scan_module
from grader.checks import REGISTRY, Check, CheckFailed, checks_for, suite_module
from grader.checks.replay import EDITION_SEED, NotRecorded, begin_check, is_edition
from grader.checks.spec import Spec
from grader.discover import Submission, discover
from grader.i18n import N_, _
from grader.isolation.runner import (
    GIB,
    Cancellation,
    Limits,
    StudentFailure,
    Worker,
    zygote_for,
)
from grader.isolation.sandbox import guard_only, sandbox_mode
from grader.registry import resolve_targets
from grader.report import CheckResult, ExerciseResult, Report, sandbox_note
from grader.verdicts import FailureKind, failure_kind
from workbook.paths import NOTEBOOKS

EDITION_NOTE = N_(
    "student edition: the visible checks, on fixed inputs (seed 0); your instructor's grader "
    "adds the hidden checks"
)


class GradingInterrupted(KeyboardInterrupt):
    """Ctrl-C during grading: every child is already stopped.

    Attributes:
        results: one per exercise, in order: those graded before the interrupt, the others
            failed with "not graded: interrupted".
        report: the partial report (set by `grade`).
    """

    def __init__(self, results: list[ExerciseResult]) -> None:
        super().__init__(wording.INTERRUPTED)
        self.results = results
        self.report: Report | None = None


def grade(
    targets: Sequence[str],
    submission: Path | None = None,
    seed: int | None = None,
    timeout: float | None = None,
    jobs: int | None = None,
    memory_gib: float | None = None,
) -> Report:
    """Grade `targets` (weeks, exercise ids or "all") of a submission.

    Args:
        targets: e.g. ["week18"] or ["7.4", "mlp"].
        submission: a directory, exercise module or notebook; None for exercises/.
        seed: reproduces a run's random inputs; a fresh one is drawn when None.
        timeout: overrides every exercise's wall-clock limit (seconds).
        memory_gib: overrides every exercise's memory cap (GiB).
        jobs: exercises graded at once; defaults to the number of cores.

    Raises:
        UsageError: unknown target or unusable submission path.
        GradingInterrupted: Ctrl-C; its `report` holds what was graded until then.
    """
    exercises = resolve_targets(targets)
    found = discover(submission)
    if guard_only():
        found.notes.insert(0, sandbox_note(sandbox_mode()))
    if is_edition():
        found.notes.append(_(EDITION_NOTE))
        seed = EDITION_SEED
    seed = secrets.randbelow(2**31) if seed is None else seed
    start = time.monotonic()
    try:
        results = grade_exercises(exercises, found, seed, timeout, jobs, memory_gib)
    except GradingInterrupted as stop:
        seconds = time.monotonic() - start
        stop.report = Report(stop.results, seed, found.label, seconds, list(found.notes))
        raise
    finally:
        found.cleanup()
    weeks = sorted({exercise.week for exercise in exercises})
    answers = written_answers(submission, weeks, NOTEBOOKS)
    seconds = time.monotonic() - start
    return Report(results, seed, found.label, seconds, list(found.notes), answers)


def grade_exercises(
    exercises: Sequence[Spec],
    submission: Submission,
    seed: int,
    timeout: float | None,
    jobs: int | None,
    memory_gib: float | None = None,
    cancel: Cancellation | None = None,
) -> list[ExerciseResult]:
    """Grade `exercises` at once, `jobs` at a time.

    Raises:
        GradingInterrupted: Ctrl-C (in the main thread). The children are stopped and the
            exercises not finished by then are marked "not graded: interrupted".
    """
    workers = max(1, jobs or os.cpu_count() or 1)
    cancel = cancel or Cancellation()
    for exercise in exercises:
        zygote_for(exercise.preload)  # starts loading now, beside the suites
    for exercise in exercises:
        exercise_checks(exercise.id)  # import the suites here, before any thread does
    # Start the slow (training) exercises first so they don't finish last on their own.
    slowest_first = sorted(exercises, key=lambda exercise: -exercise.timeout)
    pool = ThreadPoolExecutor(max_workers=workers)
    futures: dict[str, Future[ExerciseResult]] = {}
    try:
        for exercise in slowest_first:
            futures[exercise.id] = pool.submit(
                grade_exercise, exercise, submission.root, seed, timeout, memory_gib,
                cancel=cancel,
            )  # fmt: skip
        results = [futures[exercise.id].result() for exercise in exercises]
    except KeyboardInterrupt:
        # What is finished counts; then the children die before anything else happens.
        finished = {key: future for key, future in futures.items() if succeeded(future)}
        cancel.cancel()
        # Don't wait for the threads: their children are gone, so they end on their own.
        pool.shutdown(wait=False, cancel_futures=True)
        partial = [
            finished[e.id].result() if e.id in finished else interrupted(e) for e in exercises
        ]
        raise GradingInterrupted(partial) from None
    except BaseException:
        cancel.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return results


def exercise_checks(exercise_id: str) -> list[Check]:
    """The checks of one exercise, importing only its own suite.

    `checks_for` imports every suite, and with them every reference module: start-up time
    that grading one week does not need. When the suite is not where `suite_module` says,
    every suite is imported after all.
    """
    suite = suite_module(exercise_id)
    try:
        importlib.import_module(suite)
    except ModuleNotFoundError as error:
        if error.name != suite:
            raise
        return checks_for(exercise_id)
    return list(REGISTRY.get(exercise_id, [])) or checks_for(exercise_id)


def succeeded(future: Future[ExerciseResult]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def interrupted(exercise: Spec) -> ExerciseResult:
    """An exercise that Ctrl-C stopped before it was graded: no points, one line of feedback."""
    total = sum(check.points for check in exercise_checks(exercise.id))
    check = CheckResult("interrupted", _(wording.ALL_CHECKS), 0.0, total, False,
                        wording.interrupted(), FailureKind.INTERRUPTED)  # fmt: skip
    return ExerciseResult(exercise, [check])


# A fork bomb may be noticed only after some checks passed; what it did earlier is not
# trusted, so it costs the whole exercise (a timeout keeps the checks that passed before it).
# Borrowed answers make every check's verdict meaningless, so they cost the whole exercise too.
FORFEITS_EARLIER_CHECKS = frozenset({"processes", "borrowed"})


def check_rng(seed: int, check: Check) -> np.random.Generator:
    """Each check draws its own inputs from (run seed, check name): stable, independent."""
    return np.random.default_rng([seed, zlib.crc32(f"{check.exercise}/{check.name}".encode())])


# A function that hung is not called again; after this many hangs an exercise stops.
MAX_HANGS = 2


class GuardedWorker(Worker):
    """A worker that remembers which student function it is calling, and refuses to call a
    function that already hung in this exercise (the check then fails at once).

    A replacement worker, started after a hang, imports the module on its first call.
    """

    def __init__(
        self,
        root: Path,
        module: str,
        limits: Limits,
        cancel: Cancellation | None = None,
        hung: frozenset[str] = frozenset(),
        preload: tuple[str, ...] = (),
    ) -> None:
        super().__init__(root, module, limits, cancel, preload)
        self.hung = hung
        self.calling: str | None = None
        self.started = False

    def start(self) -> None:
        self.started = True
        super().start()

    def request(self, message: dict[str, Any]) -> Any:
        name = message.get("name") if message.get("op") == "call" else None
        if isinstance(name, str) and name in self.hung:
            raise StudentFailure("skipped", wording.hung_earlier(name), fatal=True)
        if not self.started:
            self.start()
        self.calling = name if isinstance(name, str) else None
        return super().request(message)


def grade_exercise(
    exercise: Spec,
    root: Path,
    seed: int,
    timeout: float | None = None,
    memory_gib: float | None = None,
    public_only: bool = False,
    cancel: Cancellation | None = None,
) -> ExerciseResult:
    """Run the checks of `exercise` against the module under `root`, in a child process.

    A check that times out fails, and so does every later call of the function it was
    calling ("skipped: `sgd` hung in an earlier check"); the other checks run on in a
    fresh child with a fresh time limit, so a hang in `sgd` leaves `adam`'s points.
    `public_only` runs just the checks a notebook may show (the hidden ones stay in `grade`).
    `cancel` stops the child at once when the run is interrupted.
    """
    public_only = public_only or is_edition()
    checks = [c for c in exercise_checks(exercise.id) if c.public or not public_only]
    borrowed = scan_module(root, exercise.path)
    if borrowed:
        return ExerciseResult(
            exercise, [failed(check, borrowed, FailureKind.BORROWED) for check in checks]
        )
    memory = memory_gib or exercise.memory_gib
    limits = Limits(timeout or exercise.timeout, int(memory * GIB))
    start = time.monotonic()
    preload = exercise.preload
    worker = GuardedWorker(root, exercise.module, limits, cancel, preload=preload)
    outputs: list[str] = []
    results: list[CheckResult] = []
    try:
        worker.start()
        for check in checks:
            try:
                results.append(run_check(check, worker, check_rng(seed, check), root))
            except StudentFailure as failure:
                hung = worker.calling
                if failure.kind == "skipped":
                    results.append(failed(check, failure.describe(), FailureKind.SKIPPED))
                    continue
                if failure.kind != "timeout" or hung is None or len(worker.hung) >= MAX_HANGS:
                    raise
                # The child is gone: a new one serves the next checks, minus `hung`.
                message = failure.describe()
                if "while running" not in message:  # the runner knew where it hung
                    message = wording.while_calling(message, hung)
                results.append(failed(check, message, FailureKind.TIMEOUT))
                outputs.append(worker.captured_output())
                worker.stop()
                worker = GuardedWorker(
                    root, exercise.module, limits, cancel, worker.hung | {hung}, preload
                )
    except StudentFailure as failure:
        # The module didn't import, or the child died: the remaining checks can't run.
        reason, kind = failure.describe(), failure_kind(failure.kind, failure.message)
        if failure.kind in FORFEITS_EARLIER_CHECKS:
            results = []
        results += [failed(check, reason, kind) for check in checks[len(results) :]]
    finally:
        worker.stop()
    outputs.append(worker.captured_output())
    output = "\n".join(text for text in outputs if text.strip())
    return ExerciseResult(exercise, results, time.monotonic() - start, output)


def failed(check: Check, message: str, kind: FailureKind) -> CheckResult:
    """`check` failed, for `kind` of reason, saying `message`."""
    return CheckResult(check.name, _(check.title), 0.0, check.points, False, message, kind)


def run_check(
    check: Check, worker: Worker, rng: np.random.Generator, root: Path | None = None
) -> CheckResult:
    begin_check()
    try:
        check.run(worker, rng)
    except (CheckFailed, NotRecorded) as verdict:
        # NotRecorded: the edition's reference was never asked this, so the answer took
        # another path than the reference's; the check's diagnosis, like CheckFailed.
        return failed(check, str(verdict), FailureKind.MISTAKE)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        message = student_message(failure, root, getattr(worker, "calling", None))
        return failed(check, message, failure_kind(failure.kind, failure.message))
    except Exception as error:  # noqa: BLE001 - a grader bug must not stop the other checks
        return failed(check, wording.grader_error(check.name, error), FailureKind.GRADER_ERROR)
    return CheckResult(check.name, _(check.title), check.points, check.points, True)


def student_message(
    failure: StudentFailure, root: Path | None = None, called: str | None = None
) -> str:
    """The one-line feedback for a failed call; a stub names the function still to write.

    The workbook's stubs say which function they are (`NotImplementedError("dense_forward")`);
    nbgrader's say nothing (`raise NotImplementedError()`), so the function is found from
    where it was raised (`file:line` inside the submission), else the function called.
    """
    if failure.kind == "not_implemented":
        text = failure.message.removeprefix("NotImplementedError").removeprefix(": ").strip()
        name = text if IDENTIFIER.fullmatch(text) else ""
        return wording.not_implemented(name or enclosing_function(root, failure.where) or called)
    return failure.describe()


IDENTIFIER = re.compile(r"[A-Za-z_][\w.]*")


def enclosing_function(root: Path | None, where: str) -> str:
    """The (Class.)function whose body holds `where` ("week18/ex7_6_optimizers.py:41")."""
    path, _, line = where.rpartition(":")
    if root is None or not path or not line.isdigit():
        return ""
    try:
        tree = ast.parse((root / path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return ""
    found = ""

    def visit(node: ast.AST, prefix: str) -> None:
        nonlocal found
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                end = child.end_lineno or child.lineno
                if child.lineno <= int(line) <= end:
                    name = f"{prefix}{child.name}"
                    if not isinstance(child, ast.ClassDef):
                        found = name
                    visit(child, f"{name}.")

    visit(tree, "")
    return found
