"""Cancellation (Ctrl-C): stop every worker of one grading run at once, refuse new ones, and
ignore a second Ctrl-C meanwhile."""

from __future__ import annotations

import signal
import threading
from typing import TYPE_CHECKING, Any

from grader.isolation.failures import StudentFailure
from grader.wording import interrupted

if TYPE_CHECKING:
    from grader.isolation.worker import Worker


class Cancellation:
    """Stops the workers of one grading run at once, and refuses to start new ones.

    `cancel` is what Ctrl-C calls: the running children and everything they started are
    killed before it returns.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.workers: set[Worker] = set()
        self.cancelled = False

    def register(self, worker: Worker) -> None:
        with self.lock:
            if self.cancelled:
                raise StudentFailure("interrupted", interrupted(), fatal=True)
            self.workers.add(worker)

    def unregister(self, worker: Worker) -> None:
        with self.lock:
            self.workers.discard(worker)

    def cancel(self) -> None:
        with without_sigint():
            with self.lock:
                self.cancelled = True
                workers = list(self.workers)
            for worker in workers:
                worker.abort()


class without_sigint:  # noqa: N801 - used as a context manager, like a function
    """Ignore a second Ctrl-C while the children are being killed (main thread only)."""

    def __enter__(self) -> None:
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            except ValueError:
                self.previous = None

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
