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


MISSED = "**Grading as fast as the targets ask: missed**"


def single_row(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("| Grade one week-18"))


def test_a_met_grading_target_drops_the_missed_paragraph(results: dict[str, Any]) -> None:
    """If one submission took at most 1 s at 8x or more, and the class reached 10x, would
    the table say met and explain nothing?"""
    faster = copy.deepcopy(results)
    faster["grading"]["single"].update(ratio=12.0, grade_s=0.9)
    faster["grading"]["class"]["ratio"] = 11.0
    markdown = render(faster)
    assert MISSED not in markdown
    assert "| 11.0× faster | ≥ 10× | met (11.0×) |" in class_row(markdown)
    assert "| 12.0× faster | ≤ 1 s and ≥ 8× | met (12.0×) |" in single_row(markdown)
    assert MISSED in render(results)


def test_one_submission_must_meet_both_its_targets(results: dict[str, Any]) -> None:
    """Is one submission at 12x nbgrader but 1.2 s of wall time still a miss (and 0.9 s at
    7x too)?"""
    single = results["grading"]["single"]
    results["grading"]["class"]["ratio"] = 11.0
    for ratio, seconds in ((12.0, 1.2), (7.0, 0.9)):
        single.update(ratio=ratio, grade_s=seconds)
        markdown = render(results)
        assert f"| **missed** ({ratio:.1f}×) |" in single_row(markdown)
        assert MISSED in markdown


def with_floor(results: dict[str, Any]) -> dict[str, Any]:
    """The committed results, plus what a run measures since the floor was added."""
    measured = copy.deepcopy(results)
    grading = measured["grading"]
    phases = {
        "imports": 0.12, "discovery and scan": 0.03, "child start": 0.10, "student calls": 0.80,
        "checks' own work": 0.20, "teardown": 0.05, "other": 0.02,
    }  # fmt: skip
    grading["single"].update(
        grade_s=1.6, nbgrader_s=8.0, ratio=5.0, floor_s=1.0, floor_all_s=[1.0, 1.1],
        floor_student_s=0.7, three_weeks_s=1.4, three_weeks_all_s=[1.4, 1.5], startup_s=0.09,
        phases={
            "zygote": {"phases": phases, "wall_s": 1.32, "jobs": 1},
            "spawn": {"phases": {**phases, "child start": 0.9}, "wall_s": 2.12, "jobs": 1},
        },
    )  # fmt: skip
    grading["class_floor"] = {
        "sample": 20, "n": 200, "per_kind_s": {"correct": 1.0}, "seconds": 100.0,
        "worker_seconds": 200.0, "jobs": 2,
    }  # fmt: skip
    return measured


def test_the_floor_is_a_measured_row_and_each_ratio_stands_beside_it(
    results: dict[str, Any],
) -> None:
    """Is the floor a row of its own, and do `grade` and `grade batch` read as ratios to
    the floor and to nbgrader side by side?"""
    markdown = render(with_floor(results))
    floor = next(line for line in markdown.splitlines() if line.startswith("| Floor:"))
    assert "| 1.00 s (the student's code 0.70 s, the checks' own work 0.30 s) |" in floor
    assert "`grade` 1.6× the floor; nbgrader 8.0× the floor" in floor
    assert "| 5.0× faster; 1.6× the floor (nbgrader 8.0× the floor) |" in single_row(markdown)
    row = class_row(markdown)
    assert "× faster; 4.1× the floor (nbgrader 11.8× the floor; the floor: 100 s" in row
    assert "**estimated** from 20 students' floors per kind, on 2 workers" in row
    assert "even a grader with no isolation and no start-up would be only 8.0×" in markdown


def test_where_the_time_goes_lists_every_phase_for_both_ways_of_starting_children(
    results: dict[str, Any],
) -> None:
    """Does the phase table list each phase with the zygote and with spawning, and the wall
    time of each?"""
    markdown = render(with_floor(results))
    section = markdown.split("## Where one submission's time goes, by phase")[1]
    section = section.split("\n## ")[0]
    assert "children forked from the zygote | `grade`, children spawned |" in section
    assert "| child start | 0.10 s | 0.90 s |" in section
    assert "| **wall** | **1.32 s** | **2.12 s** |" in section
    for phase in ("imports", "student calls", "checks' own work", "teardown", "other"):
        assert f"| {phase} |" in section
    assert "The floor of the same submission is 1.00 s" in section


def test_three_weeks_of_the_reference_have_their_row(results: dict[str, Any]) -> None:
    """Is `grade week17 week18 week19` a row with its 1.5 s target, met or missed?"""
    measured = with_floor(results)
    three = next(line for line in render(measured).splitlines() if "week17 week18 week19" in line)
    assert "| 1.40 s (runs: 1.4, 1.5) |" in three and "| met (1.40 s) |" in three
    assert "`grade --help` alone: 0.09 s" in three
    measured["grading"]["single"]["three_weeks_s"] = 1.7
    three = next(line for line in render(measured).splitlines() if "week17 week18 week19" in line)
    assert "| **missed** (1.70 s) |" in three


def test_results_without_a_floor_render_without_its_rows(results: dict[str, Any]) -> None:
    """Do results from before the floor was measured render without the floor, the phases
    and the three-weeks rows (rather than failing)?"""
    markdown = render(results)
    assert "| Floor:" not in markdown and "× the floor" not in markdown
    assert "by phase" not in markdown and "week17 week18 week19" not in markdown


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
