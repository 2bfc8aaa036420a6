"""Written answers: the markdown cells a student fills in, graded by hand.

`grade` only reports whether each one is written; a person grades what it says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workbook.answers import answer_cells


@dataclass(frozen=True)
class WrittenAnswer:
    """One written-answer cell: its id and title, its notebook, and whether it is filled in."""

    id: str
    title: str
    notebook: str
    filled: bool


def read_answers(notebook: Path) -> list[WrittenAnswer]:
    """The answer cells of one notebook; an unreadable notebook has none."""
    try:
        cells = answer_cells(notebook)
    except (OSError, ValueError):
        return []
    return [
        WrittenAnswer(identifier, title, notebook.name, filled)
        for identifier, title, filled in cells
    ]


def notebooks_for(submission: Path | None, weeks: Iterable[str], default: Path) -> list[Path]:
    """Where a submission's written answers live.

    A notebook submission holds its own answers; a directory laid out like exercises/
    has them in the week notebooks of the `notebooks/` folder beside it.
    """
    if submission is not None and submission.suffix == ".ipynb":
        return [submission]
    folder = default if submission is None else submission.resolve().parent / "notebooks"
    return [folder / f"{week}.ipynb" for week in weeks if (folder / f"{week}.ipynb").is_file()]


def written_answers(
    submission: Path | None, weeks: Iterable[str], default: Path
) -> list[WrittenAnswer]:
    return [a for path in notebooks_for(submission, weeks, default) for a in read_answers(path)]
