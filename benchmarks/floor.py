"""The floor of grading, and where `grade`'s time goes, for one submission.

    python benchmarks/floor.py floor SUBMISSION [--week week18] [--seed 0]
    python benchmarks/floor.py phases SUBMISSION [--week week18] [--seed 0] [--jobs 1]

Each prints one JSON document on its last line; grading.py runs them as subprocesses, so
each measurement starts in a fresh interpreter.

**floor**: the same checks, with the same inputs (the run's seed), calling the student's
module imported in this very process: no child process, no pipes, no sandbox, no start-up.
Requests and answers still go through the child's own encoding (`Session.handle`), in
memory, so the checks see exactly what they see under `grade`. It is what any grader that
runs these checks must spend. A function that hangs is stopped at its exercise's time limit
(SIGALRM) and, as under `grade`, not called again; a crash that ends the process (os._exit,
a segfault) ends the measurement, and the exercises measured so far are what was printed.

**phases**: `grade` itself (`grade.grade`, in process), with each step timed: the grader's
imports, discovery and the static scan, child start-up (a fork from the zygote or a spawn,
the sandbox and the student's import, until the child says it is ready), the student's
calls (request to answer, transport included), the checks' own work (everything else in
the checks: reference values, comparisons, diagnoses) and teardown (killing and reaping the
child, removing its directory). With `--jobs 1` the phases add up to the wall time.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import signal
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

START = time.perf_counter()
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


class Hung(BaseException):
    """The exercise's time limit passed inside a student call (not an Exception: student
    code that catches everything must not swallow it)."""


def floor(root: Path, week: str, seed: int) -> dict[str, Any]:
    """Seconds per exercise (student calls, and the checks' own work) for `week`."""
    from grader.checks import CheckFailed
    from grader.checks.replay import NotRecorded, begin_check
    from grader.grade import MAX_HANGS, check_rng, exercise_checks
    from grader.isolation.child import EncodeError, Session, describe_error
    from grader.isolation.protocol import decode
    from grader.isolation.runner import Limits, StudentFailure, Worker
    from grader.registry import resolve_targets

    class InProcess(Worker):
        """The worker interface the checks use, answered by the module in this process."""

        def __init__(self, module: str, session: Session | None) -> None:
            super().__init__(root, module, Limits())
            self.session = session
            self.hung: set[str] = set()
            self.calling: str | None = None
            self.student_s = 0.0

        def request(self, message: dict[str, Any]) -> Any:
            name = message.get("name") if message.get("op") == "call" else None
            self.calling = name if isinstance(name, str) else None
            if self.calling in self.hung:
                raise StudentFailure("skipped", f"skipped: `{name}` hung", fatal=True)
            if self.session is None:
                raise StudentFailure("import", "the module did not import", fatal=True)
            start = time.perf_counter()
            try:
                response = self.session.handle(message)
            except EncodeError as error:
                response = {"ok": False, "kind": "bad_result", "message": str(error)}
            except (Exception, SystemExit) as error:  # noqa: BLE001 - as the child does
                response = describe_error(error, self.root)
            finally:
                self.student_s += time.perf_counter() - start
            if not response.get("ok"):
                raise self.call_failure(response)
            result = decode(response.get("result"))
            if message.get("return_args"):
                return result, decode(response.get("args", []))
            return result

    def alarm(signum: int, frame: Any) -> None:
        raise Hung

    signal.signal(signal.SIGALRM, alarm)
    sys.path.insert(0, str(root))
    # As in the zygote: what is loaded now is never scanned by the collector again, so the
    # student's allocations cost what they cost in a child.
    gc.freeze()
    exercises: dict[str, Any] = {}
    for exercise in resolve_targets([week]):
        checks = exercise_checks(exercise.id)
        start = time.perf_counter()
        session = None
        try:
            session = Session(root, importlib.import_module(exercise.module))
        except (Exception, SystemExit):  # noqa: BLE001 - a module that doesn't import
            pass
        imported = time.perf_counter() - start
        sub = InProcess(exercise.module, session)
        limit_end = time.perf_counter() + exercise.timeout
        hangs = 0
        for check in checks:
            begin_check()
            signal.setitimer(signal.ITIMER_REAL, max(0.001, limit_end - time.perf_counter()))
            try:
                check.run(sub, check_rng(seed, check))
            except Hung:
                hangs += 1
                if sub.calling:
                    sub.hung.add(sub.calling)
                limit_end = time.perf_counter() + exercise.timeout  # a fresh child's limit
                if hangs >= MAX_HANGS:
                    break
            except (CheckFailed, NotRecorded, StudentFailure, Exception):  # noqa: BLE001
                pass
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        total = time.perf_counter() - start
        exercises[exercise.id] = {
            "seconds": total,
            "student_s": sub.student_s + imported,
            "checks_s": total - sub.student_s - imported,
            "hangs": hangs,
        }
        print(json.dumps({"exercise": exercise.id, **exercises[exercise.id]}), flush=True)
    return {
        "seconds": sum(row["seconds"] for row in exercises.values()),
        "student_s": sum(row["student_s"] for row in exercises.values()),
        "exercises": exercises,
    }


PHASES = (
    "imports", "discovery and scan", "child start", "student calls", "checks' own work",
    "teardown", "other",
)  # fmt: skip


def phases(root: Path, week: str, seed: int, jobs: int) -> dict[str, Any]:
    """Seconds per phase of one `grade` run (worker-seconds; with jobs=1, wall seconds)."""
    import grader.grade as grading
    from grader.isolation import runner

    imported = time.perf_counter()
    spent: dict[str, float] = defaultdict(float)
    in_check = threading.local()

    def timing(owner: Any, name: str, phase: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            outer = getattr(in_check, "active", False)
            in_check.active = outer or phase == "checks"
            try:
                return original(*args, **kwargs)
            finally:
                in_check.active = outer
                seconds = time.perf_counter() - start
                spent[phase] += seconds
                if outer and phase == "child start":  # a new child after a hang
                    spent["child start in checks"] += seconds

        setattr(owner, name, timed)

    timing(runner.Worker, "start", "child start")
    timing(runner.Worker, "stop", "teardown")
    timing(runner.Worker, "request", "student calls")
    timing(grading, "run_check", "checks")
    timing(grading, "scan_module", "discovery and scan")
    timing(grading, "discover", "discovery and scan")
    start = time.perf_counter()
    report = grading.grade([week], root, seed, jobs=jobs)
    wall = time.perf_counter() - start
    calls, restarts = spent["student calls"], spent["child start in checks"]
    result = {
        "imports": imported - START,
        "discovery and scan": spent["discovery and scan"],
        "child start": spent["child start"],
        "student calls": calls,
        "checks' own work": max(0.0, spent["checks"] - calls - restarts),
        "teardown": spent["teardown"],
    }
    result["other"] = max(0.0, wall + result["imports"] - sum(result.values()))
    return {
        "phases": result,
        "wall_s": wall + result["imports"],
        "jobs": jobs,
        "passed": report.passed,
        "mode": runner.zygote_mode(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("floor", "phases"))
    parser.add_argument("submission", type=Path)
    parser.add_argument("--week", default="week18")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    root = args.submission.resolve()
    if args.what == "floor":
        document = floor(root, args.week, args.seed)
    else:
        document = phases(root, args.week, args.seed, args.jobs)
    print(json.dumps(document), flush=True)
    os._exit(0)  # a student's atexit hook or thread must not hold the measurement up


if __name__ == "__main__":
    sys.exit(main())
