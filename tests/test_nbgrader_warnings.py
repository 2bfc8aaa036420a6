"""nbgrader's spurious autograde warnings are filtered, and only those.

nbgrader 0.9.6 warns "Attribute 'checksum' for cell ... has changed!" for every hidden test
cell (jupyter/nbgrader#1961) and SQLAlchemy warns "Object of type <SubmittedAssignment> not
in session" while a submission is created. The release's config drops both, and still
reports a test cell that a student edited and any other warning.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from nbformat import from_dict
from sqlalchemy.exc import SAWarning
from traitlets.config import Config

from grader import release
from grader.release import RestoreHiddenTests, config_text, hidden_test_source

SOURCE = hidden_test_source("7.4", 0)


def test_config_filters_the_sqlalchemy_not_in_session_warning(tmp_path: Path) -> None:
    """Does running nbgrader_config.py silence exactly nbgrader's SAWarning?"""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(config_text(tmp_path), {"get_config": Config})  # noqa: S102 - as nbgrader does
        text = "Object of type <SubmittedAssignment> not in session, add operation along ..."
        warnings.warn_explicit(text, SAWarning, "api.py", 2229, module="nbgrader.api")
        warnings.warn_explicit("another warning", SAWarning, "api.py", 1, module="nbgrader.api")
    assert [str(w.message) for w in caught] == ["another warning"]
    assert "grader.release.RestoreHiddenTests" in config_text(tmp_path)


@pytest.fixture
def restorer(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    reported: list[str] = []
    parent = RestoreHiddenTests.__mro__[1]
    monkeypatch.setattr(parent, "report_change", lambda self, name, attr, old, new:
                        reported.append(f"{name} {attr}"))  # fmt: skip
    found = RestoreHiddenTests()
    found.gradebook = SimpleNamespace(find_source_cell=lambda *args: SimpleNamespace(source=SOURCE))
    found.notebook_id, found.assignment_id = "week18", "week18"
    return found, reported


def released_source() -> str:
    cell = from_dict({"source": SOURCE, "cell_type": "code"})
    from nbgrader.preprocessors import ClearHiddenTests  # type: ignore[import-untyped]

    ClearHiddenTests()._remove_hidden_test_region(cell)
    return str(cell.source)


def test_released_hidden_test_cell_is_restored_quietly(restorer: tuple[Any, list[str]]) -> None:
    found, reported = restorer
    found.submitted = released_source()
    found.report_change("ex-7_4-hidden", "checksum", "a", "b")
    assert reported == []


def test_an_edited_test_cell_is_still_reported(restorer: tuple[Any, list[str]]) -> None:
    found, reported = restorer
    found.submitted = released_source() + "\nprint('hi')"
    found.report_change("ex-7_4-hidden", "checksum", "a", "b")
    found.submitted = released_source()
    found.report_change("ex-7_4-hidden", "points", 1, 2)
    assert reported == ["ex-7_4-hidden checksum", "ex-7_4-hidden points"]
    assert release.RestoreHiddenTests is RestoreHiddenTests
