"""The `grade` command's contract: targets, exit codes, JSON schema, seeds."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import reference_source, write_submission

from grader.cli import main
from grader.registry import BY_ID, EXERCISES, resolve_targets
from workbook.paths import NOTEBOOKS, SOLUTIONS


def run_grade(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "grader.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_targets_expand_weeks_ids_and_all() -> None:
    """Do weeks, ids and 'all' select the right exercises, in order, without repeats?"""
    assert [e.id for e in resolve_targets(["week19"])] == ["7.8", "cnn-forward", "shape-quiz"]
    assert [e.id for e in resolve_targets(["7.4", "7.1", "7.4"])] == ["7.1", "7.4"]
    assert len(resolve_targets(["all"])) == len(BY_ID)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["week99"], "unknown target 'week99'"),
        (["7.2", "--submission", "/no/such/dir"], "no such submission"),
        (["7.2", "--format", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], needle: str) -> None:
    """Does a usage error print one line on stderr and exit with status 2?"""
    done = run_grade(*args)
    assert done.returncode == 2
    assert needle in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""


def test_reference_passes_with_exit_0_and_stubs_fail_with_exit_1() -> None:
    """Is the exit status 0 when everything passed and 1 when anything failed?"""
    assert main(["7.2", "7.8", "--submission", str(SOLUTIONS)]) == 0
    assert main(["7.2"]) == 1


def test_json_is_gradescope_results_and_nothing_else(tmp_path: Path) -> None:
    """Is stdout exactly Gradescope's results.json, even when student code prints?"""
    source = reference_source(BY_ID["7.2"]) + "\nprint('hello from the student')\n"
    root = write_submission(tmp_path, BY_ID["7.2"], source)
    done = run_grade("7.2", "7.8", "--submission", str(root), "--format", "json", "--seed", "4")
    assert done.returncode == 1  # 7.8 is missing from this submission
    results = json.loads(done.stdout)
    assert set(results) >= {"score", "max_score", "execution_time", "tests"}
    first, second = results["tests"]
    assert set(first) == {"name", "number", "score", "max_score", "status", "output", "visibility"}
    assert (first["number"], first["status"]) == ("7.2", "passed")
    assert first["score"] == first["max_score"] > 0
    assert "hello from the student" in first["output"]
    assert (second["number"], second["status"], second["score"]) == ("7.8", "failed", 0)
    assert results["score"] == first["score"]


def test_same_seed_same_report() -> None:
    """Does --seed reproduce a run exactly, and does a fresh run draw a new seed?"""
    runs = [run_grade("7.2", "--format", "json", "--seed", "77") for _ in range(2)]
    reports = [json.loads(run.stdout) for run in runs]
    for report in reports:
        report.pop("execution_time")
    assert reports[0] == reports[1]
    assert "--seed 77" in reports[0]["output"]


def test_text_report_rows_feedback_and_total() -> None:
    """Does the text report show a row per exercise, the feedback, then the total, uncoloured?"""
    done = run_grade("7.2", "--seed", "9")
    lines = done.stdout.splitlines()
    assert any(line.split()[:1] == ["7.2"] and "failed" in line for line in lines)
    assert "not implemented yet" in done.stdout
    assert lines[-1].startswith("Total: 0/")
    assert "--seed 9" in lines[-1]
    assert "\033[" not in done.stdout


def test_single_module_submission(tmp_path: Path) -> None:
    """Can a student grade one exercise file on its own?"""
    module = tmp_path / "ex7_2_dense.py"
    module.write_text(reference_source(BY_ID["7.2"]), encoding="utf-8")
    assert main(["7.2", "--submission", str(module)]) == 0
    stray = tmp_path / "notes.py"
    stray.write_text("x = 1\n", encoding="utf-8")
    assert main(["7.2", "--submission", str(stray)]) == 2


def notebook(cells: list[dict[str, object]]) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def code_cell(source: str, module: str | None = None) -> dict[str, object]:
    metadata = {"workbook": {"module": module}} if module else {}
    return {"cell_type": "code", "source": source, "metadata": metadata, "outputs": []}


def test_notebook_submission_with_magics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Are a notebook's code cells graded, with IPython magics set aside and mentioned?"""
    path = tmp_path / "week17 ñ.ipynb"
    cells = [code_cell("%load_ext autoreload\n!echo hi"), code_cell(reference_source(BY_ID["7.2"]))]
    path.write_text(notebook(cells), encoding="utf-8")
    assert main(["7.2", "--submission", str(path), "--seed", "1"]) == 0
    assert "ignored the IPython line `%load_ext autoreload`" in capsys.readouterr().out


def test_notebook_cells_tagged_by_module(tmp_path: Path) -> None:
    """Does a cell tagged for one module stay out of the others?"""
    path = tmp_path / "w.ipynb"
    cells = [
        code_cell(reference_source(BY_ID["7.2"]), "week17.ex7_2_dense"),
        code_cell("raise RuntimeError('broken 7.8 cell')", "week19.ex7_8_conv_shape"),
    ]
    path.write_text(notebook(cells), encoding="utf-8")
    assert main(["7.2", "--submission", str(path)]) == 0
    assert main(["7.8", "--submission", str(path)]) == 1


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "invalid JSON"),
        (json.dumps({"nbformat": 3, "worksheets": [], "cells": []}), "nbformat 3"),
        (notebook([{"cell_type": "markdown", "source": "hi", "metadata": {}}]), "no code cells"),
    ],
)
def test_malformed_notebook_is_a_usage_error(
    tmp_path: Path, content: str, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Does a malformed notebook get a one-line message and exit 2?"""
    path = tmp_path / "bad.ipynb"
    path.write_text(content, encoding="utf-8")
    assert main(["7.2", "--submission", str(path)]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1


def test_flat_upload_of_modules_is_graded(tmp_path: Path) -> None:
    """Is a flat folder of exercise files (a Gradescope upload) laid out for grading?"""
    (tmp_path / "ex7_2_dense.py").write_text(reference_source(BY_ID["7.2"]), encoding="utf-8")
    (tmp_path / "README.txt").write_text("my notes", encoding="utf-8")
    assert main(["7.2", "--submission", str(tmp_path)]) == 0


def workbook_copy(tmp_path: Path) -> Path:
    """A workbook folder: the generated notebooks beside an exercises/ holding the reference."""
    root = tmp_path / "workbook"
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    for exercise in EXERCISES:
        write_submission(root / "exercises", exercise, reference_source(exercise))
    return root


def test_week_notebook_is_graded_through_the_files_it_imports(tmp_path: Path) -> None:
    """Does `grade week18 --submission notebooks/week18.ipynb` grade the exercises/ files the
    notebook imports (full marks for the reference, not 1/44), say so in one note, and print
    no notebook output at all?"""
    root = workbook_copy(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "grader.cli", "week18", "--submission", "notebooks/week18.ipynb",
         "--seed", "5"],
        cwd=root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    total = done.stdout.splitlines()[-1]
    full_marks = re.match(r"Total: (\d+)/\1 points, 6/6 exercises passed", total)
    assert full_marks and int(full_marks.group(1)) > 1, total
    notes = [line for line in done.stdout.splitlines() if line.startswith("note:")]
    assert notes == [
        "note: week18.ipynb holds no exercise code of its own (it imports "
        "`exercises.week18.ex7_4_backprop`, `exercises.week18.ex7_5_overfit_logreg`, "
        "`exercises.week18.ex7_6_optimizers`, ...), so the files it imports were graded: "
        "exercises/"
    ]
    assert "printed" not in done.stdout and "your code:" not in done.stdout


def test_notebook_importing_code_from_nowhere_is_one_line(tmp_path: Path) -> None:
    """A lone notebook that imports its code from an exercises/ that isn't there: one line
    that says what to grade instead, exit 2?"""
    path = tmp_path / "week18.ipynb"
    shutil.copy(NOTEBOOKS / "week18.ipynb", path)
    done = run_grade("week18", "--submission", str(path))
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert "holds no exercise code" in done.stderr and "--submission path/to/exercises" in (
        done.stderr
    )


def test_shared_output_is_shown_once(tmp_path: Path) -> None:
    """When one notebook's code is every module (and prints on import), is its output shown
    under the first exercise only, with a pointer back from the others?"""
    path = tmp_path / "mine.ipynb"
    source = "print('hello from my notebook')\n" + reference_source(BY_ID["7.2"])
    path.write_text(notebook([code_cell(source)]), encoding="utf-8")
    done = run_grade("7.1", "7.2", "7.3", "--submission", str(path), "--seed", "2")
    assert done.stdout.count("hello from my notebook") == 1, done.stdout
    assert done.stdout.count("Your code printed the same as under 7.1 (shown there).") == 2
    results = json.loads(
        run_grade("7.1", "7.2", "--submission", str(path), "--format", "json").stdout
    )
    outputs = [test["output"] for test in results["tests"]]
    assert "hello from my notebook" in outputs[0]
    assert "hello from my notebook" not in outputs[1] and "same as under 7.1" in outputs[1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["week17", "7.4"], "grade week17 7.4 --submission {sub} --seed 12"),
        (["all"], "grade all --submission {sub} --seed 12"),
        (["7.8", "shape-quiz"], "grade 7.8 shape-quiz --submission {sub} --seed 12"),
    ],
)
def test_reproduce_hint_is_a_whole_command_that_repeats_the_run(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    """Are the JSON report's and the text report's reproduce hints whole commands (targets,
    submission, seed), and does running the hint give the same results?"""
    root = tmp_path / "my work"
    for exercise in EXERCISES:
        if exercise.id != "cnn-train":  # the slow one; its absence is a quick failure
            write_submission(root, exercise, reference_source(exercise))
    sub = shlex.quote(str(root))
    first = run_grade(*args, "--submission", str(root), "--format", "json", "--seed", "12")
    hint = json.loads(first.stdout)["output"].splitlines()[0]
    assert hint == f"seed 12; reproduce with: {expected.format(sub=sub)}"
    command = shlex.split(hint.split("reproduce with: ")[1])
    assert command[0] == "grade"
    again = run_grade(*command[1:], "--format", "json")
    assert again.returncode == first.returncode
    scores = [[(t["number"], t["score"]) for t in json.loads(r.stdout)["tests"]]
              for r in (first, again)]  # fmt: skip
    assert scores[0] == scores[1]
    text = run_grade(*args, "--submission", str(root), "--seed", "12").stdout.splitlines()[-1]
    assert text.endswith(f"same inputs again: {expected.format(sub=sub)}")


def test_reproduce_hint_leaves_out_the_default_submission() -> None:
    """Grading the workbook's own exercises/, is the hint simply `grade 7.2 --seed N`?"""
    done = run_grade("7.2", "--seed", "31")
    assert done.stdout.splitlines()[-1].endswith("same inputs again: grade 7.2 --seed 31")
