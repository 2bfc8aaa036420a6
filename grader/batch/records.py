"""What a batch produces: one student's outcome and merged grade, and the whole batch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from grader.answers import WrittenAnswer
from grader.checks.spec import Spec
from grader.course import Course
from grader.penalties import Late, Submitted
from grader.report import CheckResult, ExerciseResult, Report
from grader.roster import Matching, Student
from grader.verdicts import FailureKind
from grader.wording import INTERRUPTED


@dataclass
class Outcome:
    """What grading some exercises of one student produces (in a thread or on Dask)."""

    name: str
    results: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    error: str = ""


@dataclass
class StudentGrade:
    """One student's grade: every exercise graded so far (this run or cached), merged.

    Attributes:
        name: the submission's name.
        results: exercise id -> its result.
        notes: remarks from grading (magics removed ...).
        error: why the submission could not be graded at all, or "".
        answers: the written answers and whether each is filled in.
        seed: the student's seed (`grade --seed` reproduces their inputs).
        submitted: when they submitted (only read when a due date is set).
        late: the late penalty (only with a due date).
        student: their roster row, when a roster matched them.
    """

    name: str
    results: dict[str, ExerciseResult]
    notes: list[str] = field(default_factory=list)
    error: str = ""
    answers: list[WrittenAnswer] = field(default_factory=list)
    seed: int = 0
    submitted: Submitted | None = None
    late: Late | None = None
    student: Student | None = None

    @property
    def scores(self) -> dict[str, float]:
        return {key: result.score for key, result in self.results.items()}

    @property
    def max_scores(self) -> dict[str, float]:
        return {key: result.max_score for key, result in self.results.items()}

    @property
    def passed(self) -> dict[str, bool]:
        return {key: result.passed for key, result in self.results.items()}

    @property
    def failures(self) -> dict[str, list[CheckResult]]:
        """Per failed exercise, its failed checks."""
        return {
            key: [check for check in result.checks if not check.passed]
            for key, result in self.results.items()
            if not result.passed
        }

    @property
    def kinds(self) -> dict[str, FailureKind]:
        """Per failed exercise, why it failed (`ExerciseResult.kind`)."""
        found = {key: result.kind for key, result in self.results.items()}
        return {key: kind for key, kind in found.items() if kind is not None}

    @property
    def total(self) -> float:
        return sum(result.score for result in self.results.values())

    @property
    def final(self) -> float:
        return self.late.final if self.late is not None else self.total

    @property
    def seconds(self) -> float:
        return sum(result.seconds for result in self.results.values())

    def report(self, exercises: Sequence[Spec]) -> Report:
        results = [self.results[e.id] for e in exercises if e.id in self.results]
        notes = [*self.notes, *([self.error] if self.error else [])]
        return Report(results, self.seed, self.name, self.seconds, notes, self.answers)


@dataclass
class BatchResult:
    """A whole batch run: every student's grade, who was graded and who was reused.

    Attributes:
        records: student name -> grade, for the students in SUBMISSIONS_DIR.
        graded: students with at least one exercise graded in this run.
        skipped: students whose every targeted exercise was reused from the cache.
        exercises: the gradebook's columns: this run's targets and those cached before.
        matching: the roster matching, when a roster was given.
    """

    records: dict[str, StudentGrade]
    graded: list[str]
    skipped: list[str]
    seconds: float
    summary: dict[str, Any]
    exercises: list[Spec] = field(default_factory=list)
    matching: Matching | None = None
    course: Course = field(default_factory=Course)
    roster_order: list[Student] = field(default_factory=list)
    regraded: dict[str, list[str]] = field(default_factory=dict)


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
