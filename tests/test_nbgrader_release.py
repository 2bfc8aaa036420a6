"""The nbgrader release: does a real nbgrader course give the same points as `grade`?

The round trip runs the real nbgrader 0.9.6 CLI in a temporary course, for week 18:
`grade release` writes the course and runs ``nbgrader generate_assignment``; four students
hand in filled-in copies of the released notebook (``reference``: the reference code;
``stub``: untouched; ``buggy``: 7.4's backward without the 1/n; ``broken``: 7.7's answer
cell deleted, 7.6's answer cell copied below itself with the code written in the copy);
then ``nbgrader autograde``, ``generate_feedback`` and ``export`` run in the course.
The module fixture does all of that once (55 s of the file's 64 s on the shared 2-core
machine, 110 s when it was heavily loaded; most of it is nbgrader starting kernels and
the checks' child processes), with `grade` computing the expected points on the second
core meanwhile; the tests then read the results.

The unit tests below it check the pieces without nbgrader: the solution-region conversion,
the cell structure and points of every week, and `run_checks` on given cell sources.
"""

from __future__ import annotations

import copy
import csv
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbgrader.api import Gradebook  # type: ignore[import-untyped]

from grader import nbgrader_cells
from grader.checks import checks_for
from grader.checks.spec import Spec
from grader.discover import write_module
from grader.grade import grade, grade_exercise
from grader.nbgrader_cells import answer_sources, marker_line, module_text, run_checks
from grader.registry import BY_ID, WEEKS
from grader.release import (
    WRITTEN_POINTS,
    command,
    drop_main_block,
    grade_id,
    nbgrader,
    source_notebook,
    split_points,
    to_nbgrader_regions,
)
from grader.report import ExerciseResult
from workbook.answers import ANSWER_PLACEHOLDER
from workbook.content import BY_WEEK
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers

WEEK = "week18"
SEED = 3
STUDENTS = ("reference", "stub", "buggy", "broken")
BUG = ("dZ2 = (P - y) / P.size", "dZ2 = P - y")  # 7.4: the mean's 1/n dropped
BUG_HINT = "dW2 is exactly n times the numerical gradient; divide by the batch size"
WRITTEN = "feynman-backprop"  # the reference student writes this answer
EXERCISES = [BY_ID[exercise.id] for exercise in BY_WEEK[WEEK].exercises]
TOTAL = sum(sum(split_points(exercise.id)) for exercise in EXERCISES)  # 44 points


# --- filling in released notebooks, as students would -------------------------------------


def code(cell: dict[str, Any]) -> str:
    source = cell["source"]
    return "".join(source) if isinstance(source, list) else str(source)


def module_of(cell: dict[str, Any]) -> str | None:
    tag = cell.get("metadata", {}).get("workbook", {})
    return tag.get("module") if isinstance(tag, dict) else None


def answer_id(cell: dict[str, Any]) -> str | None:
    tag = cell.get("metadata", {}).get("workbook", {})
    return tag.get("answer") if isinstance(tag, dict) else None


def answer_index(notebook: dict[str, Any], module: str) -> int:
    return next(i for i, cell in enumerate(notebook["cells"]) if module_of(cell) == module)


def reference_answers(source_path: Path) -> dict[str, str]:
    """Module -> the source notebook's answer cell without nbgrader's region markers."""
    notebook = json.loads(source_path.read_text(encoding="utf-8"))
    markers = ("### BEGIN SOLUTION", "### END SOLUTION")
    return {
        module: "\n".join(line for line in code(cell).splitlines() if line.strip() not in markers)
        for cell in notebook["cells"]
        if (module := module_of(cell))
    }


def filled(release: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """A copy of the released notebook with the answer cells of `answers` replaced."""
    notebook = copy.deepcopy(release)
    for module, source in answers.items():
        notebook["cells"][answer_index(notebook, module)]["source"] = source
    return notebook


def broken(release: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    """Reference code, but 7.7's answer cell deleted and 7.6's copied below itself.

    The original 7.6 cell stays the untouched stub; the copy (same metadata, as JupyterLab
    copies it, with a new cell id) holds the code, so the copy must be the one graded.
    """
    notebook = filled(release, {m: s for m, s in answers.items() if m != "week18.ex7_6_optimizers"})
    del notebook["cells"][answer_index(notebook, "week18.ex7_7_clipping")]
    where = answer_index(notebook, "week18.ex7_6_optimizers")
    duplicate = copy.deepcopy(notebook["cells"][where])
    duplicate["id"] = "copied-answer"
    duplicate["source"] = answers["week18.ex7_6_optimizers"]
    notebook["cells"].insert(where + 1, duplicate)
    return notebook


def student_notebooks(release: dict[str, Any], source_path: Path) -> dict[str, dict[str, Any]]:
    answers = reference_answers(source_path)
    bad = answers["week18.ex7_4_backprop"]
    assert BUG[0] in bad
    buggy = {**answers, "week18.ex7_4_backprop": bad.replace(BUG[0], BUG[1])}
    reference = filled(release, answers)
    written = next(c for c in reference["cells"] if answer_id(c) == WRITTEN)
    written["source"] = "Backprop is the chain rule, applied from the loss backwards."
    return {
        "reference": reference,
        "stub": copy.deepcopy(release),
        "buggy": filled(release, buggy),
        "broken": broken(release, answers),
    }


# --- the round trip -----------------------------------------------------------------------


@dataclass
class Course:
    """The course after the round trip, and what `grade` says about each student's code."""

    root: Path
    notebooks: dict[str, dict[str, Any]]
    expected: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)


def run_nbgrader(course: Course, step: str, *args: str) -> None:
    start = time.monotonic()
    done = nbgrader(course.root, *args)
    course.seconds[step] = time.monotonic() - start
    assert done.returncode == 0, done.stdout + done.stderr


def submit(root: Path, notebooks: dict[str, dict[str, Any]]) -> None:
    """Put each student's notebook where ``nbgrader collect`` would."""
    for student, notebook in notebooks.items():
        target = root / "submitted" / student / WEEK / f"{WEEK}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.validate(notebook)
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def expected_scores(course: Course, student: str, folder: Path) -> dict[str, float]:
    """`grade WEEK --seed SEED` per exercise on the code the student handed in.

    That is ``grade --submission week18.ipynb`` on the submitted notebook, except for
    `broken`: with 7.7's tagged cell gone, `grade` would build 7.7 from the untagged cells
    (the test cells), so its modules are written from the last marked answer cells.
    """
    if student != "broken":
        submission = course.path("submitted", student, WEEK, f"{WEEK}.ipynb")
    else:
        cells = [
            code(cell) for cell in course.notebooks[student]["cells"] if cell["cell_type"] == "code"
        ]
        sources = answer_sources(cells)
        for exercise in EXERCISES:
            if exercise.path in sources:
                write_module(folder, exercise, module_text(sources[exercise.path]))
        submission = folder
    report = grade([WEEK], submission=submission, seed=SEED, jobs=1)
    return {result.exercise.id: result.score for result in report.results}


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Course]:
    root = tmp_path_factory.mktemp("course")
    start = time.monotonic()
    assert command([WEEK, "--course-dir", str(root), "--seed", str(SEED)]) == 0
    release = json.loads((root / "release" / WEEK / f"{WEEK}.ipynb").read_text(encoding="utf-8"))
    result = Course(root, student_notebooks(release, root / "source" / WEEK / f"{WEEK}.ipynb"))
    result.seconds["release"] = time.monotonic() - start
    submit(root, result.notebooks)
    # `grade` runs on the second core while nbgrader autogrades (one kernel at a time).
    scratch = tmp_path_factory.mktemp("modules")
    with ThreadPoolExecutor(max_workers=1) as pool:
        expected = {s: pool.submit(expected_scores, result, s, scratch) for s in STUDENTS}
        run_nbgrader(result, "autograde", "autograde", WEEK, "--force")
        result.expected = {student: future.result() for student, future in expected.items()}
        exported = pool.submit(run_nbgrader, result, "export", "export")
        run_nbgrader(result, "feedback", "generate_feedback", WEEK, "--force")
        exported.result()
    yield result
    seconds = {step: round(value, 1) for step, value in result.seconds.items()}
    print("nbgrader round trip, seconds per step:", seconds)


def gradebook_scores(course: Course, student: str) -> dict[str, tuple[float, float]]:
    """grade cell id -> (score, max score) of one student's autograded notebook."""
    with Gradebook(f"sqlite:///{course.path('gradebook.db')}") as gradebook:
        notebook = gradebook.find_submission_notebook(WEEK, WEEK, student)
        return {g.name: (float(g.score), float(g.max_score)) for g in notebook.grades}


def test_release_has_neither_solutions_nor_hidden_tests(course: Course) -> None:
    """Does the released notebook hold nbgrader's stubs instead of solution and hidden code?"""
    text = course.path("release", WEEK, f"{WEEK}.ipynb").read_text(encoding="utf-8")
    assert "raise NotImplementedError()" in text
    for line in ("dZ2 = (P - y) / P.size", "norm = float(np.linalg.norm(g.ravel()))"):
        assert line in course.path("source", WEEK, f"{WEEK}.ipynb").read_text(encoding="utf-8")
        assert line not in text
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "hidden=True"):
        assert secret not in text


def test_autograded_points_per_exercise_equal_grade(course: Course) -> None:
    """Per student and exercise, is nbgrader's visible + hidden score `grade`'s score?"""
    for student in STUDENTS:
        scores = gradebook_scores(course, student)
        for exercise in EXERCISES:
            parts = [scores.get(grade_id(exercise.id, part)) for part in ("visible", "hidden")]
            got = sum(score for score, _ in filter(None, parts))
            assert got == pytest.approx(course.expected[student][exercise.id]), (student, exercise)
            assert sum(top for _, top in filter(None, parts)) == sum(split_points(exercise.id))
    totals = {student: sum(scores.values()) for student, scores in course.expected.items()}
    assert totals["reference"] == TOTAL and totals["stub"] == 0
    assert 0 < course.expected["buggy"]["7.4"] < 7 and course.expected["broken"]["7.7"] == 0


def autograded_outputs(course: Course, student: str, identifier: str) -> str:
    notebook = json.loads(
        course.path("autograded", student, WEEK, f"{WEEK}.ipynb").read_text(encoding="utf-8")
    )
    cell = next(
        c
        for c in notebook["cells"]
        if c["metadata"].get("nbgrader", {}).get("grade_id") == identifier
    )
    return "".join(
        "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
        for output in cell["outputs"]
    )


def test_broken_notebook_loses_only_the_deleted_exercise(course: Course) -> None:
    """Deleted answer cell: 0 with a clear message; copied cell: the copy is graded."""
    scores = gradebook_scores(course, "broken")
    for part in ("visible", "hidden"):
        assert scores[grade_id("7.7", part)][0] == 0
        assert scores[grade_id("7.6", part)][0] == scores[grade_id("7.6", part)][1]
    message = autograded_outputs(course, "broken", grade_id("7.7", "hidden"))
    assert "no answer cell for 7.7" in message and marker_line(BY_ID["7.7"]) in message
    assert scores[grade_id("mlp", "hidden")][0] == split_points("mlp")[1]


def test_feedback_shows_hints_but_not_hidden_tests(course: Course) -> None:
    """Does the feedback HTML carry the diagnostic hints but none of the hidden test code?"""
    html = course.path("feedback", "buggy", WEEK, f"{WEEK}.html").read_text(encoding="utf-8")
    assert BUG_HINT in html
    assert "✗ dW2 and db2 match the numerical gradient" in html  # a hidden check's line
    graded = course.path("autograded", "buggy", WEEK, f"{WEEK}.ipynb").read_text(encoding="utf-8")
    for secret in ("hidden=True", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert secret in graded  # nbgrader put the hidden tests back to run them
        assert secret not in html
    assert "# Visible checks of exercise 7.4" in html  # the visible test code stays


def test_written_answers_wait_for_a_person(course: Course) -> None:
    """A written answer needs manual grading; an untouched one scores 0 by itself."""
    with Gradebook(f"sqlite:///{course.path('gradebook.db')}") as gradebook:
        written = gradebook.find_grade(f"answer-{WRITTEN}", WEEK, WEEK, "reference")
        assert written.needs_manual_grade and written.auto_score is None
        untouched = gradebook.find_grade(f"answer-{WRITTEN}", WEEK, WEEK, "stub")
        assert untouched.auto_score == 0 and not untouched.needs_manual_grade
        assert untouched.max_score == WRITTEN_POINTS


def test_export_has_a_row_per_student_with_totals(course: Course) -> None:
    """Does `nbgrader export` write grades.csv with each student's total?"""
    with course.path("grades.csv").open(encoding="utf-8") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert set(rows) == set(STUDENTS)
    for student in STUDENTS:
        total = sum(score for score, _ in gradebook_scores(course, student).values())
        assert float(rows[student]["score"]) == pytest.approx(total)
        written = WRITTEN_POINTS * len(BY_WEEK[WEEK].answers)
        assert float(rows[student]["max_score"]) == TOTAL + written
    assert float(rows["reference"]["score"]) == TOTAL  # the written answer isn't graded yet
    assert float(rows["stub"]["score"]) == 0


# --- the pieces, without nbgrader ---------------------------------------------------------


def test_solution_regions_become_nbgrader_regions() -> None:
    """Are our regions nbgrader's, indented, with the hint kept as a TODO above them?"""
    source = (
        "def f(x):\n"
        '    """Doc."""\n'
        "    # BEGIN SOLUTION: double it.\n"
        "    y = 2 * x\n"
        "    return y\n"
        "    # END SOLUTION\n"
    )
    assert to_nbgrader_regions(source) == (
        "def f(x):\n"
        '    """Doc."""\n'
        "    # TODO(student): double it.\n"
        "    ### BEGIN SOLUTION\n"
        "    y = 2 * x\n"
        "    return y\n"
        "    ### END SOLUTION\n"
    )
    for path in sorted(SOLUTIONS.glob("week*/[!_t]*.py")):
        text = path.read_text(encoding="utf-8")
        converted = to_nbgrader_regions(text, str(path))
        kept = [
            line for line in converted.splitlines() if "### " not in line and "TODO(" not in line
        ]
        assert kept == strip_markers(text).splitlines(), path


def test_main_blocks_are_dropped() -> None:
    """Does an answer cell leave out the module's `if __name__ == "__main__":` demo?"""
    source = 'import x\n\n\ndef f():\n    pass\n\n\nif __name__ == "__main__":\n    f()\n'
    assert drop_main_block(source) == "import x\n\n\ndef f():\n    pass\n"


@pytest.mark.parametrize("week", WEEKS)
def test_cells_carry_the_graders_points(week: str) -> None:
    """Per exercise: visible cell = public check points, hidden cell = hidden ones, no 0s."""
    notebook = source_notebook(BY_WEEK[week], seed=SEED)
    meta = {
        cell["metadata"]["nbgrader"]["grade_id"]: (cell, cell["metadata"]["nbgrader"])
        for cell in notebook["cells"]
        if "nbgrader" in cell["metadata"]
    }
    for exercise in BY_WEEK[week].exercises:
        checks = checks_for(exercise.id)
        public = sum(check.points for check in checks if check.public)
        hidden = sum(check.points for check in checks if not check.public)
        answer, flags = meta.pop(grade_id(exercise.id, "answer"))
        assert flags["solution"] and not flags["grade"]
        assert code(answer).startswith(marker_line(BY_ID[exercise.id]) + "\n")
        assert answer["metadata"]["workbook"] == {"module": exercise.module}
        visible = meta.pop(grade_id(exercise.id, "visible"), None)
        assert (visible[1]["points"] if visible else 0) == public
        cell, flags = meta.pop(grade_id(exercise.id, "hidden"))
        assert flags["points"] == hidden and flags["locked"] and flags["grade"]
        assert f'run_checks("{exercise.id}", hidden=True, seed={SEED})' in code(cell)
        assert "### BEGIN HIDDEN TESTS" in code(cell)
    for answer in BY_WEEK[week].answers:
        cell, flags = meta.pop(f"answer-{answer.id}")
        assert flags["points"] == WRITTEN_POINTS and flags["solution"] and flags["grade"]
        assert cell["cell_type"] == "markdown" and code(cell) == ANSWER_PLACEHOLDER
    assert not meta


def test_answer_sources_take_the_last_marked_cell() -> None:
    """A copied answer cell that ran later wins; unmarked cells are ignored."""
    marker = marker_line(BY_ID["7.7"])
    sources = answer_sources(["x = 1", f"{marker}\nold = 1", "print(2)", f"{marker}\nnew = 1"])
    assert sources == {"week18/ex7_7_clipping.py": f"{marker}\nnew = 1"}
    assert (
        module_text("%time y = 1\nz = 2") == "pass  # removed by the grader: %time y = 1\nz = 2\n"
    )


def test_run_checks_gives_partial_credit_and_zero_without_a_cell(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """run_checks returns the points as a float and explains a missing answer cell."""
    clip = (
        "import numpy as np\n\n"
        "def clip_by_norm(g, max_norm):\n    return np.clip(g, -max_norm, max_norm)\n"
    )
    cell = f"{marker_line(BY_ID['7.7'])}\n{clip}"
    hidden = run_checks("7.7", hidden=True, seed=SEED, inputs=[cell])
    shown = capsys.readouterr().out
    top = split_points("7.7")[1]
    assert isinstance(hidden, float) and 0 < hidden < top and f"{hidden:g}/{top:g} points" in shown
    assert "np.clip" in shown  # the hint names the mistake
    assert run_checks("7.7", seed=SEED, inputs=["x = 1"]) == 0.0
    assert "no answer cell for 7.7" in capsys.readouterr().out


def test_autograde_runs_each_suite_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Autograding, do the visible and hidden cells share one whole-suite run, as in `grade`?"""
    calls: list[bool] = []

    def counting(exercise: Spec, root: Path, seed: int, public_only: bool) -> ExerciseResult:
        calls.append(public_only)
        return grade_exercise(exercise, root, seed, public_only=public_only)

    monkeypatch.setattr(nbgrader_cells, "grade_exercise", counting)
    exercise = BY_ID["7.7"]
    cell = marker_line(exercise) + "\n" + strip_markers((SOLUTIONS / exercise.path).read_text())
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    visible, hidden = split_points("7.7")
    assert run_checks("7.7", seed=SEED, inputs=[cell]) == visible
    assert run_checks("7.7", hidden=True, seed=SEED, inputs=[cell]) == hidden
    assert calls == [False]  # one run of the whole suite
    monkeypatch.delenv("NBGRADER_EXECUTION")
    assert run_checks("7.7", seed=SEED, inputs=[cell]) == visible
    assert calls == [False, True]  # a student's run: the visible checks only
    assert "✓" in capsys.readouterr().out


def test_answer_cell_is_the_reference_module() -> None:
    """Without nbgrader's markers the answer cell is the reference module (demo dropped)."""
    notebook = source_notebook(BY_WEEK[WEEK], seed=SEED)
    cell = next(c for c in notebook["cells"] if module_of(c) == "week18.overfit_test")
    text = "\n".join(
        line
        for line in code(cell).splitlines()[1:]
        if not line.strip().startswith("### ") and "TODO(student)" not in line
    )
    reference = (SOLUTIONS / "week18" / "overfit_test.py").read_text(encoding="utf-8")
    assert text + "\n" == drop_main_block(strip_markers(reference))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["week99", "--course-dir", "{tmp}/c"], "unknown week 'week99'"),
        (["week18", "--course-dir", "{tmp}/file"], "exists and is not a directory"),
        (["week18", "--course-dir", "{tmp}/c", "--seed", "-1"], "--seed must be 0 or more"),
        (["week18", "--course-dir", "{tmp}/c", "--assignment", "a/b"], "--assignment 'a/b'"),
        (["week18"], "the following arguments are required: --course-dir"),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is each bad argument one `grade: error:` line on stderr and exit status 2?"""
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert command([arg.replace("{tmp}", str(tmp_path)) for arg in argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("grade: error: ") and captured.err.count("\n") == 1
    assert message in captured.err
    assert not (tmp_path / "c" / "nbgrader_config.py").exists()
