"""Written-answer cells: how they are marked in a notebook, and which are filled in.

Kept apart from `workbook.notebooks` (which needs nbformat) so that `grade` can read
answers without paying for nbformat's import.
"""

from __future__ import annotations

import json
from pathlib import Path

from workbook.content import ANSWERS

ANSWER_PLACEHOLDER = "_Write your answer here._"
METADATA_KEY = "workbook"


def answer_cells(notebook_path: str | Path) -> list[tuple[str, str, bool]]:
    """The written-answer cells of a notebook: (answer id, title, filled in?).

    A cell counts as filled when its text is neither empty nor the placeholder. The title
    comes from `workbook.content`; an id it doesn't know is its own title.

    Raises:
        ValueError: the file is not a JSON notebook with a list of cells.
    """
    document = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise ValueError(f"{notebook_path}: not a notebook (no list of cells)")
    found: list[tuple[str, str, bool]] = []
    for cell in document["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        metadata = cell.get("metadata")
        tags = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
        answer_id = tags.get("answer") if isinstance(tags, dict) else None
        if not isinstance(answer_id, str):
            continue
        source = cell.get("source", "")
        text = "".join(map(str, source)) if isinstance(source, list) else str(source)
        filled = bool(text.strip()) and text.strip() != ANSWER_PLACEHOLDER
        prompt = ANSWERS.get(answer_id)
        found.append((answer_id, prompt.title if prompt else answer_id, filled))
    return found
