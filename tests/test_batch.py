"""`grade batch`: a generated class graded in parallel, cached, summarised, and on Dask.

One small class (scripts/make_class.py, 10 students: correct, stubs, buggy, a correct
rewrite, a hang and three kinds of crash) is graded once for the module; the tests read
what that run wrote, then rerun it, force it, and grade it again on a Dask LocalCluster.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader import batch
from grader.checks import checks_for
from grader.cli import main
from grader.registry import BY_ID, UsageError
from grader.verdicts import FailureKind
from workbook.paths import ROOT

TARGETS = ("7.4", "7.6", "7.7")
TIMEOUT = 3.0
STUDENTS = 10
COMMON_HINT = "is exactly n times the numerical gradient; divide by the batch size"
MAX_POINTS = sum(check.points for target in TARGETS for check in checks_for(target))


@dataclass
class Run:
    """One `grade batch` run through the CLI: its output folder, stdout and wall time."""

    out: Path
    stdout: str
    seconds: float


def make_class(folder: Path, n: int = STUDENTS) -> dict[str, Any]:
    command = [sys.executable, str(ROOT / "scripts" / "make_class.py"), str(folder)]
    command += ["-n", str(n), "--seed", "0", "--exercises", ",".join(TARGETS)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text())
    return manifest


def grade_batch(submissions: Path, out: Path, *extra: str) -> Run:
    args = ["batch", *TARGETS, str(submissions), "-o", str(out), "--timeout", f"{TIMEOUT:g}"]
    stdout = io.StringIO()
    start = time.monotonic()
    with redirect_stdout(stdout):
        assert main([*args, "--jobs", "2", *extra]) == 0
    return Run(out, stdout.getvalue(), time.monotonic() - start)


def gradebook(out: Path) -> list[dict[str, str]]:
    with (out / "gradebook.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def results(out: Path, student: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "results" / f"{student}.json").read_text())
    return document


def by_kind(manifest: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [student for student in manifest["students"] if student["kind"] == kind]


@pytest.fixture(scope="module")
def klass(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("class") / "submissions"
    return folder, make_class(folder)


@pytest.fixture(scope="module")
def first_run(klass: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Run:
    # The speed-up below is about grading: the report's fixed cost is tested elsewhere.
    return grade_batch(klass[0], tmp_path_factory.mktemp("grades") / "out", "--no-report")


def test_every_student_gets_the_verdicts_the_manifest_expects(
    klass: tuple[Path, dict[str, Any]], first_run: Run
) -> None:
    """Does each student pass or fail each exercise as the generator says they must?"""
    _, manifest = klass
    kinds = {student["kind"] for student in manifest["students"]}
    assert kinds == {"correct", "stub", "buggy", "different", "hanging", "crashing"}
    for student in manifest["students"]:
        tests = {test["number"]: test for test in results(first_run.out, student["name"])["tests"]}
        verdicts = {number: test["status"] == "passed" for number, test in tests.items()}
        expected = {exercise: student["expected"][exercise] for exercise in TARGETS}
        assert verdicts == expected, f"{student['name']} ({student['kind']}): {tests}"
        if student["kind"] == "buggy":
            assert student["hint"] in tests[student["exercise"]]["output"]


def test_gradebook_and_results_agree(klass: tuple[Path, dict[str, Any]], first_run: Run) -> None:
    """Does gradebook.csv hold one row per student that matches their results.json?"""
    rows = gradebook(first_run.out)
    assert [row["student"] for row in rows] == [s["name"] for s in klass[1]["students"]]
    assert list(rows[0]) == ["student", *TARGETS, "total", "max", "note"]
    for row in rows:
        document = results(first_run.out, row["student"])
        for test in document["tests"]:
            assert float(row[test["number"]]) == test["score"]
        assert float(row["total"]) == document["score"]
        assert float(row["max"]) == document["max_score"] == MAX_POINTS
        assert {"score", "max_score", "tests"} <= set(document)


def test_a_hanging_student_costs_only_its_own_timeout(
    klass: tuple[Path, dict[str, Any]], first_run: Run
) -> None:
    """Does a hang fail with a timeout after TIMEOUT s, while the batch runs in parallel?"""
    (hanging,) = by_kind(klass[1], "hanging")
    document = results(first_run.out, hanging["name"])
    (test,) = [test for test in document["tests"] if test["number"] == hanging["exercise"]]
    assert f"timed out after {TIMEOUT:g} s" in test["output"]
    # The time limit once, plus the exercise's checks that don't call the hung function.
    assert document["execution_time"] < TIMEOUT + 6.0
    serial = sum(results(first_run.out, s["name"])["execution_time"] for s in klass[1]["students"])
    assert first_run.seconds < 0.8 * serial, (first_run.seconds, serial)
    for crashing in by_kind(klass[1], "crashing"):
        assert results(first_run.out, crashing["name"])["score"] > 0  # other exercises count


def test_summary_names_the_mistake_most_students_share(
    klass: tuple[Path, dict[str, Any]], first_run: Run
) -> None:
    """Is the most frequent 7.4 diagnostic the mistake two students share, averages right?"""
    summary = json.loads((first_run.out / "summary.json").read_text())
    sharing = [s for s in by_kind(klass[1], "buggy") if COMMON_HINT in s["hint"]]
    assert len(sharing) >= 2
    first = summary["exercises"][0]
    assert first["id"] == "7.4"
    top = first["most_frequent_diagnostic"]
    assert COMMON_HINT in top["message"] and top["students"] == len(sharing)
    assert first["not_attempted"] == len(by_kind(klass[1], "stub"))
    rows = gradebook(first_run.out)
    for item in summary["exercises"]:
        assert item["average"] == pytest.approx(sum(float(r[item["id"]]) for r in rows) / len(rows))
    assert "most frequent mistake" in first_run.stdout and COMMON_HINT in first_run.stdout
    assert f"Graded {STUDENTS} students (0 unchanged" in first_run.stdout


def test_normalise_blanks_numbers_but_not_names() -> None:
    """Do random numbers vanish from diagnostics while dW2 and 7.4 stay readable?"""
    one = batch.normalise("dW2 is off by 3.2e-05 at x=[0.1, -2] (week18/ex7_4_backprop.py:41)")
    two = batch.normalise("dW2 is off by 0.5 at x=[7, 3.25] (week18/ex7_4_backprop.py:12)")
    assert one == two == "dW2 is off by # at x=[#, #] (week18/ex7_4_backprop.py:#)"


def test_rerun_skips_unchanged_students_and_regrades_a_changed_one(
    klass: tuple[Path, dict[str, Any]], first_run: Run
) -> None:
    """Does a rerun grade nobody, and does editing one file regrade just that student?"""
    folder, _ = klass
    before = gradebook(first_run.out)
    rerun = grade_batch(folder, first_run.out)
    assert f"Graded 0 students ({STUDENTS} unchanged" in rerun.stdout
    assert gradebook(first_run.out) == before
    edited = folder / "student-001" / BY_ID["7.7"].path
    edited.write_text(edited.read_text() + "\n# one more comment\n")
    changed = batch.run_batch(TARGETS, folder, first_run.out, timeout=TIMEOUT, jobs=2)
    assert changed.graded == ["student-001"]
    assert len(changed.skipped) == STUDENTS - 1
    assert gradebook(first_run.out) == before


def test_force_regrades_and_notebooks_flat_folders_and_broken_uploads_are_students(
    klass: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    """Does --force regrade all; are notebooks, flat uploads and unreadable ones handled?"""
    folder = tmp_path / "class"
    shutil.copytree(klass[0] / "student-001", folder / "tree")
    flat = folder / "flat"
    flat.mkdir()
    shutil.copy(klass[0] / "student-002" / BY_ID["7.4"].path, flat / BY_ID["7.4"].filename)
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "source": reference_source(BY_ID["7.4"]),
         "outputs": [], "execution_count": None},
    ]}  # fmt: skip
    (folder / "nb.ipynb").write_text(json.dumps(notebook))
    (folder / "broken.ipynb").write_text("{not json")
    (folder / "roster.csv").write_text("not a student\n")
    first = batch.run_batch(["7.4"], folder, tmp_path / "out", timeout=TIMEOUT, jobs=2)
    forced = batch.run_batch(["7.4"], folder, tmp_path / "out", timeout=TIMEOUT, force=True)
    assert first.graded == forced.graded == ["broken", "flat", "nb", "tree"]
    assert forced.skipped == []
    scores = {name: record.scores["7.4"] for name, record in forced.records.items()}
    assert scores == {"broken": 0, "flat": 3, "nb": 7, "tree": 7}
    assert "not a valid notebook" in forced.records["broken"].error
    assert "not a valid notebook" in gradebook(tmp_path / "out")[0]["note"]


def test_an_unexpected_error_becomes_that_students_failed_row(
    klass: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Does a grader crash on one student fail that student, not the batch?"""
    folder = tmp_path / "class"
    for name in ("student-001", "student-002"):
        shutil.copytree(klass[0] / name, folder / name)
    real = batch.grade_snapshot
    # grade_student calls the grade_snapshot of its own module, grader.batch.execution.

    def explode(shot: batch.Snapshot, settings: batch.Settings, ids: list[str]) -> batch.Outcome:
        if shot.name == "student-002":
            raise RuntimeError("boom")
        return real(shot, settings, ids)

    monkeypatch.setattr(batch.execution, "grade_snapshot", explode)
    result = batch.run_batch(["7.7"], folder, tmp_path / "out", jobs=2)
    assert result.records["student-001"].scores == {"7.7": 6}
    assert result.records["student-002"].scores == {"7.7": 0}
    assert "RuntimeError: boom" in result.records["student-002"].error
    assert "RuntimeError: boom" in json.dumps(results(tmp_path / "out", "student-002"))


def test_dask_local_cluster_gives_the_same_gradebook(
    klass: tuple[Path, dict[str, Any]], first_run: Run, tmp_path: Path
) -> None:
    """Does --scheduler grade the class on Dask with exactly the local gradebook?"""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
        host="127.0.0.1", dashboard_address=None,
    )  # fmt: skip
    with cluster:
        run = grade_batch(klass[0], tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    assert gradebook(run.out) == gradebook(first_run.out)
    assert f"Graded {STUDENTS} students" in run.stdout


def test_scheduler_without_dask_says_how_to_install_it(
    klass: tuple[Path, dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without dask installed, does --scheduler fail with the pip command to run?"""
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(UsageError, match=r"pip install dl-workbook\[dask\]"):
        batch.run_batch(["7.7"], klass[0], tmp_path / "out", scheduler="tcp://127.0.0.1:1")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["week18"], "the following arguments are required: SUBMISSIONS_DIR"),
        (["week99", "."], "unknown target 'week99'"),
        (["week18", "/no/such/folder"], "no such submissions folder"),
    ],
)
def test_batch_usage_errors_exit_2_with_one_line(args: list[str], needle: str) -> None:
    """Does a usage error print one line on stderr and exit with status 2?"""
    command = [sys.executable, "-m", "grader.cli", "batch", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert needle in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


# ---- kinds of failure --------------------------------------------------------------------

DENSE = BY_ID["7.2"]
# student -> why their 7.2 fails, one per kind a class can show.
EXPECTED_KINDS = {
    "stub": FailureKind.NOT_ATTEMPTED,
    "no-module": FailureKind.NOT_ATTEMPTED,
    "raising": FailureKind.ERROR,
    "hanging": FailureKind.TIMEOUT,
    "mistaken": FailureKind.MISTAKE,
    "borrow_import": FailureKind.BORROWED,
    "borrow_copy_at_import": FailureKind.BORROWED,
    "empty": FailureKind.UNGRADABLE,
}


def kinds_class(folder: Path) -> None:
    """One student per kind of failure of 7.2, and one who passes."""
    reference = reference_source(DENSE)
    write_submission(folder / "correct", DENSE, reference)
    write_submission(folder / "stub", DENSE, (ROOT / "exercises" / DENSE.path).read_text())
    write_submission(folder / "no-module", BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    raising = "\ndef dense_forward(X, W, b):\n    raise ValueError('no idea')\n"
    write_submission(folder / "raising", DENSE, reference + raising)
    hanging = "\ndef dense_forward(X, W, b):\n    while True:\n        pass\n"
    write_submission(folder / "hanging", DENSE, reference + hanging)
    mistake = (GOLDEN / "variants" / "7.2" / "missing_bias.py").read_text()
    write_submission(folder / "mistaken", DENSE, reference + "\n" + mistake)
    for name in ("borrow_import", "borrow_copy_at_import"):
        shutil.copytree(GOLDEN / "hostile" / name, folder / name, ignore=shutil.ignore_patterns(
            "expected.json"))  # fmt: skip
    (folder / "empty").mkdir()


def test_every_kind_of_failure_reaches_the_summary_and_the_gradebook(tmp_path: Path) -> None:
    """Do not attempted, error, timeout, mistake, borrowed and ungradable each reach
    summary.json, the printed summary, the gradebook's note and the cache, read from the
    results' kinds alone (the summary stays the same when every message is blanked)?"""
    folder, out = tmp_path / "class", tmp_path / "out"
    kinds_class(folder)
    first = batch.run_batch(["7.2"], folder, out, timeout=2.0, jobs=2)
    got = {name: record.kinds.get("7.2") for name, record in first.records.items()}
    assert got == {"correct": None, **EXPECTED_KINDS}
    (item,) = first.summary["exercises"]
    counts = {
        kind.value: list(EXPECTED_KINDS.values()).count(kind) for kind in EXPECTED_KINDS.values()
    }
    assert item["kinds"] == counts and item["not_attempted"] == 2
    assert "most frequent mistake" in batch.render_summary(first.summary)
    assert (
        "why they failed: borrowed answer 2, ungradable 1, timed out 1, error 1, mistake 1, "
        "not attempted 2" in batch.render_summary(first.summary)
    )
    notes = {row["student"]: row["note"] for row in gradebook(out)}
    assert notes["correct"] == "" and notes["stub"] == "7.2 not attempted"
    assert notes["hanging"] == "7.2 timed out" and notes["borrow_import"] == "7.2 borrowed answer"
    assert notes["empty"].startswith("could not grade this submission: empty submission")
    # The kinds live in the cache: with every message blanked, a rerun (all cached) agrees.
    cache = json.loads((out / "cache.json").read_text())
    for entry in cache["students"].values():
        for graded in entry["exercises"].values():
            for check in graded["checks"]:
                check[5] = "?"
    (out / "cache.json").write_text(json.dumps(cache))
    again = batch.run_batch(["7.2"], folder, out, timeout=2.0, jobs=2)
    assert again.graded == [] and again.summary["exercises"][0]["kinds"] == counts
    assert {row["student"]: row["note"] for row in gradebook(out)} == notes


def test_a_cache_entry_without_kinds_reads_as_mistakes_and_old_caches_regrade(
    tmp_path: Path,
) -> None:
    """Does a check cached before kinds existed decode (a failure as MISTAKE), and is a cache
    of the former format ignored, so its students are graded again?"""
    entry = {
        "key": "k",
        "seconds": 1.0,
        "output": "",
        "checks": [
            ["a", "first", 0.0, 1.0, False, "off by 0.5"],
            ["b", "second", 1.0, 1.0, True, ""],
        ],
    }
    result = batch.decode_result(DENSE, entry)
    assert [check.kind for check in result.checks] == [FailureKind.MISTAKE, None]
    encoded = batch.encode_result(result, "k")
    assert [check[6] for check in encoded["checks"]] == ["mistake", None]
    (tmp_path / "cache.json").write_text(json.dumps({"format": 2, "students": {"x": {}}}))
    assert batch.load_cache(tmp_path) == {}


def test_the_batch_package_is_a_front_end_and_keeps_its_names() -> None:
    """Does editing grade batch's own code keep a class's cache, and does every name the
    single module had still import from grader.batch?"""
    assert not [path for path in batch.grader_sources() if path.startswith("grader/batch/")]
    assert {"grader/wording.py", "grader/verdicts.py"} <= set(batch.grader_sources())
    for name in ("run_batch", "command", "Snapshot", "Settings", "Outcome", "StudentGrade",
                 "BatchResult", "decode_result", "load_cache", "student_answers",
                 "student_seed", "normalise", "summarize", "render_summary", "plural"):  # fmt: skip
        assert getattr(batch, name).__module__.startswith("grader.batch.")
