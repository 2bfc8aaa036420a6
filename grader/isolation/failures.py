"""How student code fails, as the grader sees it: `StudentFailure`, and the one line that
stands for an exercise not graded because the run was interrupted."""

from __future__ import annotations

from grader.wording import INTERRUPTED

__all__ = ["INTERRUPTED", "StudentFailure"]


class StudentFailure(Exception):
    """Student code failed in a way that ends one call, or the whole worker.

    Attributes:
        kind: "not_implemented", "error", "missing", "exit", "memory", "bad_result",
            "import", "timeout", "died", "processes", "interrupted".
        message: a one-line account for the feedback.
        where: `file:line` inside the submission, when known.
        fatal: the worker is gone; later calls cannot be made.
    """

    def __init__(self, kind: str, message: str, where: str = "", fatal: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.where = where
        self.fatal = fatal

    def describe(self) -> str:
        return f"{self.message} ({self.where})" if self.where else self.message
