"""Training checks: ask for a property with a short epoch budget first, the full one after.

Used by the overfit suite (overfit on XOR and on random data) and the mlp suite (XOR).
"""

from __future__ import annotations

from collections.abc import Callable

from grader.checks import CheckFailed
from grader.isolation.runner import StudentFailure


def short_then_full(attempt: Callable[[int], None], full: int, short: int) -> None:
    """Run `attempt(short)`; if it fails, `attempt(full)` decides the verdict.

    Training checks ask for a property (a loss below a threshold, XOR solved), not for a
    number of epochs: a trainer that has it after `short` epochs passes there (a correct one
    would also have it after `full`: those are the same first updates, and more). A
    failure is never reported from the short run; the full run's feedback is the one the
    student gets. A fatal failure (a timeout, a dead child) ends the check at once.

    Args:
        attempt: runs the check with a budget of that many epochs; raises CheckFailed (or
            StudentFailure) when the property does not hold.
        full: the check's whole budget, in epochs.
        short: the first, smaller budget (capped at `full`).
    """
    try:
        attempt(min(short, full))
        return
    except CheckFailed:
        pass
    except StudentFailure as failure:
        if failure.fatal:
            raise
    if short < full:
        attempt(full)
