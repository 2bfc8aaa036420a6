"""Written-answer cells: how they are marked in a notebook, and which are filled in.

Kept apart from `workbook.notebooks` (which needs nbformat) so that `grade` can read
answers without paying for nbformat's import.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from workbook.content import ANSWERS

ANSWER_PLACEHOLDER = "_Write your answer here._"
METADATA_KEY = "workbook"


@functools.cache
def placeholders() -> frozenset[str]:
    """The placeholder in every language of the notebooks (``_Escribe aquí tu respuesta._``).

    Read from the catalogs, which loads Babel: only asked when a cell might be one.
    """
    from grader.i18n import translations_of

    return frozenset(translations_of(ANSWER_PLACEHOLDER))


def is_placeholder(text: str) -> bool:
    """Is `text` (stripped) the placeholder, in any language? A placeholder is one short
    italic line, so a written answer is told apart without reading the catalogs."""
    if text == ANSWER_PLACEHOLDER:
        return True
    short_italic = len(text) < 100 and "\n" not in text and text[:1] == text[-1:] == "_"
    return short_italic and text in placeholders()


def answer_cells(notebook_path: str | Path) -> list[tuple[str, str, bool]]:
    """The written-answer cells of a notebook: (answer id, title, filled in?).

    A cell counts as filled when its text is neither empty nor the placeholder (in any
    language: a Spanish notebook's placeholder is not an answer either). The title
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
        filled = bool(text.strip()) and not is_placeholder(text.strip())
        prompt = ANSWERS.get(answer_id)
        found.append((answer_id, prompt.title if prompt else answer_id, filled))
    return found
