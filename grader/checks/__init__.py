"""Hidden check suites: one small declared function per check.

A check receives the student's worker (`sub`, the child process holding their
module) and a seeded generator, calls the student's code through `sub`, and
compares what comes back with the reference or an oracle, in this process.
It raises `CheckFailed` with a TA's diagnosis, or returns to pass.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from grader.isolation.runner import Worker

Student = Worker
CheckFunction = Callable[[Worker, np.random.Generator], None]
# Modules of this package that hold helpers rather than checks.
NOT_SUITES = frozenset({"expect", "fixtures", "lenet", "reference", "replay"})


class CheckFailed(Exception):
    """A check's verdict: failed, with feedback for the student."""


@dataclass(frozen=True)
class Check:
    """One declared check.

    Attributes:
        exercise: the exercise id it belongs to.
        name: a stable identifier (the function name).
        points: explicit points; the exercise's points are the sum.
        title: what is being asked, shown in reports.
        run: the check itself.
        public: shown in the notebooks' visible checks; hidden checks stay in `grade`.
    """

    exercise: str
    name: str
    points: float
    title: str
    run: CheckFunction
    public: bool = False


REGISTRY: dict[str, list[Check]] = {}


def check(
    exercise: str, points: float, title: str, public: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as a check of `exercise`."""

    def register(function: CheckFunction) -> CheckFunction:
        entry = Check(exercise, function.__name__, points, title, function, public)
        REGISTRY.setdefault(exercise, []).append(entry)
        return function

    return register


def checks_for(exercise: str) -> list[Check]:
    """The checks of one exercise, in declaration order (suites load on first use)."""
    load_suites()
    return list(REGISTRY.get(exercise, []))


_loaded = False


def is_suite_name(name: str) -> bool:
    """Whether the module `name` of this package is a check suite (not a helper)."""
    return name not in NOT_SUITES and not name.startswith("_")


def load_suites() -> None:
    """Import every suite module of this package (one per exercise) once."""
    global _loaded
    if not _loaded:
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
            if is_suite_name(info.name):
                importlib.import_module(f"{__name__}.{info.name}")
        _loaded = True
