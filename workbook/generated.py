"""Files the generator writes (exercises/, notebooks/): write them, or say which are stale."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from pathlib import Path


def stale_outputs(
    expected: Mapping[Path, str],
    folder: Path,
    label: str,
    same: Callable[[str, str], bool] = operator.eq,
) -> list[str]:
    """Describe every expected file that is missing under `folder` or differs from its text.

    Args:
        expected: path relative to `folder` -> the text the generator writes there.
        label: the folder's name in the messages, e.g. "notebooks".
        same: whether the committed text counts as the expected one (default: equal text).
    """
    problems = []
    for relative, text in expected.items():
        target = folder / relative
        if not target.exists():
            problems.append(f"missing: {label}/{relative}")
        elif not same(target.read_text(encoding="utf-8"), text):
            problems.append(f"differs: {label}/{relative}")
    return problems


def write_outputs(expected: Mapping[Path, str], folder: Path) -> None:
    """Write each expected file under `folder`, making its directories."""
    for relative, text in expected.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
