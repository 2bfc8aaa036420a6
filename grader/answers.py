"""Written answers: the markdown cells a student fills in, graded by hand.

`grade` only reports whether each one is written; a person grades what it says.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PLACEHOLDER = "_Write your answer here._"


@dataclass(frozen=True)
class Answer:
    """One written-answer cell: its id, the notebook it is in, and whether it is filled in."""

    id: str
    notebook: str
    filled: bool


def cell_text(cell: dict[str, object]) -> str:
    source = cell.get("source", "")
    return "".join(map(str, source)) if isinstance(source, list) else str(source)


def answer_id(cell: dict[str, object]) -> str | None:
    metadata = cell.get("metadata")
    tag = metadata.get("workbook") if isinstance(metadata, dict) else None
    value = tag.get("answer") if isinstance(tag, dict) else None
    return value if isinstance(value, str) else None


def read_answers(notebook: Path) -> list[Answer]:
    """The answer cells of one notebook; an unreadable notebook has none."""
    try:
        document = json.loads(notebook.read_text(encoding="utf-8"))
        cells = document["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return []
    answers = []
    for cell in cells if isinstance(cells, list) else []:
        if isinstance(cell, dict) and cell.get("cell_type") == "markdown":
            identifier = answer_id(cell)
            if identifier:
                text = cell_text(cell).replace(PLACEHOLDER, "").strip()
                answers.append(Answer(identifier, notebook.name, bool(text)))
    return answers


def notebooks_for(submission: Path | None, weeks: Iterable[str], default: Path) -> list[Path]:
    """Where a submission's written answers live.

    A notebook submission holds its own answers; a directory laid out like exercises/
    has them in the week notebooks of the `notebooks/` folder beside it.
    """
    if submission is not None and submission.suffix == ".ipynb":
        return [submission]
    folder = default if submission is None else submission.resolve().parent / "notebooks"
    return [folder / f"{week}.ipynb" for week in weeks if (folder / f"{week}.ipynb").is_file()]


def written_answers(submission: Path | None, weeks: Iterable[str], default: Path) -> list[Answer]:
    return [a for path in notebooks_for(submission, weeks, default) for a in read_answers(path)]
