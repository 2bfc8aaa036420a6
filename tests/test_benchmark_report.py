"""benchmarks/report.py: the table renders what was measured, and says what was not.

No timing happens here (benchmarks live outside the test run); these tests render the
committed results.json, and variants of it, and read the markdown.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from report import render  # noqa: E402


@pytest.fixture
def results() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((BENCHMARKS / "results.json").read_text("utf-8"))
    return document


def class_row(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("| Grade a class of"))


def test_committed_results_render_to_the_committed_table(results: dict[str, Any]) -> None:
    """Is RESULTS.md exactly what results.json renders to (nobody edited it by hand)?"""
    assert render(results) == (BENCHMARKS / "RESULTS.md").read_text("utf-8")


def test_a_whole_class_nbgrader_run_is_reported_as_measured(results: dict[str, Any]) -> None:
    """With nbgrader on every student, is the class row measured, with no subset row?"""
    grading = results["grading"]
    assert grading["subset_run"]["k"] == grading["n"] == 200
    markdown = render(results)
    row = class_row(markdown)
    assert "measured, right after `grade batch`" in row and "extrapolated" not in row
    assert "| The same " not in markdown


def test_a_subset_nbgrader_run_is_reported_as_extrapolated(results: dict[str, Any]) -> None:
    """With nbgrader on 20 of 200, does the row say extrapolated and add the subset row?"""
    grading = results["grading"]
    grading["subset_run"]["k"] = 20
    markdown = render(results)
    row = class_row(markdown)
    assert "**extrapolated**: 20 of the 200" in row
    assert "| The same 20 students, both measured |" in markdown


def test_by_kind_table_shows_each_kind_and_nbgrader_overhead(results: dict[str, Any]) -> None:
    """Does the per-kind section list every kind with nbgrader minus grade per student?"""
    kinds = results["grading"]["by_kind"]
    markdown = render(results)
    section = markdown.split("## Where the class's time goes, by kind of student")[1]
    for kind, row in kinds.items():
        line = next(line for line in section.splitlines() if line.startswith(f"| {kind} |"))
        assert f"{row['nbgrader_s'] - row['grade_s']:.2f}" in line
    correct = kinds["correct"]
    overhead = correct["nbgrader_s"] - correct["grade_s"]
    assert f"nbgrader's own overhead is {overhead:.1f} s per notebook" in markdown


def test_a_met_grading_target_drops_the_missed_paragraph(results: dict[str, Any]) -> None:
    """If both grading ratios reached 10x, would the table say met and explain nothing?"""
    faster = copy.deepcopy(results)
    faster["grading"]["single"]["ratio"] = 12.0
    faster["grading"]["class"]["ratio"] = 11.0
    markdown = render(faster)
    assert "**Grading ≥ 10× faster than nbgrader: missed**" not in markdown
    assert "| 11.0× faster | ≥ 10× | met (11.0×) |" in class_row(markdown)
    assert "**Grading ≥ 10× faster than nbgrader: missed**" in render(results)


def test_the_class_row_counts_gradebook_disagreements(results: dict[str, Any]) -> None:
    """Does the class row say how many of nbgrader's scores equal grade batch's?"""
    agreement = results["grading"]["agreement"]
    agreement.update(compared=1200, differences=[])
    assert "gradebooks agree on 1200 of 1200 (student, exercise) scores" in class_row(
        render(results)
    )
    agreement["differences"] = [["student-007", "7.6", 0.0, 7.0]]
    assert "gradebooks agree on 1199 of 1200" in class_row(render(results))


def test_the_class_row_counts_verdicts_against_the_manifest(results: dict[str, Any]) -> None:
    """Does the class row say how many verdicts matched the generated class's manifest?"""
    verdicts = results["grading"]["verdicts"]
    verdicts.update(compared=1200, wrong=[])
    assert "1200 of 1200 verdicts as the class manifest expects" in class_row(render(results))
    verdicts["wrong"] = [["student-003", "7.4", "passed=True, expected False"]] * 2
    assert "1198 of 1200 verdicts" in class_row(render(results))
