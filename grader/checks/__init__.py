"""The exercises: one folder each, holding what it is and how it is graded.

``grader/checks/<suite>/spec.py`` declares the exercise (`grader.checks.spec.Spec`: id,
reference module, title, limits, the notebook's prose and pictures) and
``grader/checks/<suite>/checks.py`` its check suite, declared once with
``suite = Suite("7.4")``. The plain modules beside the folders are helpers the suites share
(comparisons, fixtures, the reference loader).

A check receives the student's worker (`sub`, the child process holding their module), a
seeded generator and the reference module, calls the student's code through `sub`, and
compares what comes back with the reference or an oracle, in this process. It raises
`CheckFailed` with a TA's diagnosis, or returns to pass.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grader.checks.spec import suite_name

if TYPE_CHECKING:
    import numpy as np

    from grader.isolation.runner import Worker

    Student = Worker
else:  # the suites annotate with `Student`; importing the runner here would cost start-up
    Student = Any
CheckFunction = Callable[["Worker", "np.random.Generator"], None]


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


class Suite:
    """An exercise's checks, declared once per suite module::

        suite = Suite("7.4")

        @suite.check(points=2, title="backward matches finite differences")
        def gradients_match(sub: Student, rng: np.random.Generator, ref: Any) -> None: ...

    An unknown id fails at import. A check that takes a third argument receives the
    exercise's reference module (loaded on first use with `grader.checks.reference`), so
    suites never import `solutions` themselves.
    """

    def __init__(self, exercise: str) -> None:
        from grader.registry import BY_ID

        if exercise not in BY_ID:
            raise ValueError(f"Suite({exercise!r}): no exercise has that id; known: "
                             + ", ".join(BY_ID))  # fmt: skip
        self.exercise = exercise
        self.module = BY_ID[exercise].module
        self._reference: Any = None

    def reference(self) -> Any:
        """The reference module of this exercise (or its replay in the student edition)."""
        if self._reference is None:
            from grader.checks.reference import reference

            self._reference = reference(self.module)
        return self._reference

    def handing_reference(self, function: Callable[..., None]) -> CheckFunction:
        """`function` as a check: called with (sub, rng), plus the reference if it takes one."""
        if len(inspect.signature(function).parameters) < 3:
            return function

        def run(sub: Worker, rng: np.random.Generator) -> None:
            function(sub, rng, self.reference())

        run.__module__, run.__name__ = function.__module__, function.__name__
        return run

    def check(
        self, points: float, title: str, public: bool = False
    ) -> Callable[[Callable[..., None]], Callable[..., None]]:
        """Register the decorated function as a check of this suite's exercise."""

        def register(function: Callable[..., None]) -> Callable[..., None]:
            run = self.handing_reference(function)
            entry = Check(self.exercise, function.__name__, points, title, run, public)
            REGISTRY.setdefault(self.exercise, []).append(entry)
            return function

        return register


def checks_for(exercise: str) -> list[Check]:
    """The checks of one exercise, in declaration order (suites load on first use)."""
    load_suites()
    return list(REGISTRY.get(exercise, []))


_loaded = False


def suite_names() -> list[str]:
    """The suite folders of this package (``ex7_1``, ``mlp``, ...): the packages with a
    ``spec.py``, sorted. (A package without one is a helper library, like a module.)"""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(__path__)
        if info.ispkg and (Path(__path__[0]) / info.name / "spec.py").is_file()
    )


def suite_module(exercise_id: str) -> str:
    """The module holding an exercise's checks: "7.2" -> ``grader.checks.ex7_2.checks``."""
    return f"{__name__}.{suite_name(exercise_id)}.checks"


def is_suite_module(module: str) -> bool:
    """Whether `module` is a suite's checks module (``grader.checks.<suite>.checks``)."""
    parts = module.split(".")
    return len(parts) == 4 and parts[:2] == ["grader", "checks"] and parts[3] == "checks"


def load_suites() -> None:
    """Import every suite of this package (one per exercise) once."""
    global _loaded
    if not _loaded:
        for name in suite_names():
            importlib.import_module(f"{__name__}.{name}.checks")
        _loaded = True
