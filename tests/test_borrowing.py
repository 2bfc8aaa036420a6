"""Answers out of reach: borrowed answers fail in every grading mode, and the child's sandbox
holds.

The borrowing corpus is tests/golden/hostile/borrow_*/ (each a 7.2 module and the reason
it must fail with, in expected.json). `grade` runs it in test_hardening.py with the rest of
the hostile corpus; here it also goes through the import guard alone (no Landlock),
`grade batch`, a real nbgrader round trip and Gradescope's run_autograder, and the sandbox
itself is probed from inside a child: no file of the project, no write outside its
temporary directory, no TCP connection to a server this test runs on localhost.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import GOLDEN, reference_source

from grader.borrowing import find_borrowing
from grader.cli import main
from grader.grade import grade
from grader.isolation.runner import Limits, StudentFailure, Worker, containment_mode
from grader.isolation.sandbox import carve, landlock_abi, sandbox_mode
from grader.nbgrader_cells import marker_line, notebook_borrowing, run_checks
from grader.registry import BY_ID
from grader.release import command as release_command
from grader.release import grade_id as release_grade_id
from grader.release import nbgrader
from workbook.paths import ROOT

HOSTILE = GOLDEN / "hostile"
CASES = sorted(path.name for path in HOSTILE.glob("borrow_*"))
DENSE = BY_ID["7.2"]
REASON = "write your own"
LANDLOCK = pytest.mark.skipif(landlock_abi() < 4, reason="needs Landlock ABI 4 (files and TCP)")


def case_source(case: str) -> str:
    return (HOSTILE / case / "week17" / DENSE.filename).read_text(encoding="utf-8")


def case_reason(case: str) -> str:
    expected: dict[str, str] = json.loads((HOSTILE / case / "expected.json").read_text())
    return expected["message"]


def assert_borrowed(messages: list[str], case: str) -> None:
    """Every check failed, and the first message names the borrowing as expected."""
    assert messages, case
    assert case_reason(case) in messages[0], (case, messages)
    assert all(REASON in message for message in messages), (case, messages)


# ---- The static scan -------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from solutions.week18.ex7_4_backprop import *",
        "import solutions.week17.ex7_2_dense as d",
        "from solutions.week17 import ex7_2_dense",
        "from grader import checks",
        "import grader.checks.ex7_2.checks",
        "import importlib\nm = importlib.import_module('solutions')",
        "import importlib.util\ns = importlib.util.find_spec('solutions.week17.ex7_2_dense')",
        "text = open('/work/main/solutions/week17/ex7_2_dense.py').read()",
        "path = 'grader/checks/ex7_2/checks.py'",
        "def f():\n    import tests.golden\n",
    ],
)
def test_the_scan_finds_each_spelling_of_an_import_of_the_answers(source: str) -> None:
    found = find_borrowing(source)
    assert found is not None and REASON in found.message, source


@pytest.mark.parametrize(
    "source",
    [
        '"""Written from scratch; the reference solutions and the grader stay closed."""\n'
        "import numpy as np\n\ndef dense_forward(X, W, b):\n    return X @ W + b\n",
        "def f():\n    '''See solutions/week17 and grader/checks in the docs.'''\n    return 1\n",
        "label = 'tests'\nname = 'grader'\nwho = 'solutions'\n",
        "folder = 'my_solutions/week17'\nmessage = 'grading' + ' done'\n",
        "import grader\nfrom grader.notebook import check\n",  # the grader, not its answers
        "def broken(:\n    pass\n",  # a syntax error is the child's to report
    ],
)
def test_the_scan_leaves_code_that_does_not_reach_for_the_answers(source: str) -> None:
    assert find_borrowing(source) is None, source


def test_a_correct_submission_that_mentions_the_reference_in_docstrings_passes(
    tmp_path: Path,
) -> None:
    code = (
        '"""My dense layer. I did not look at solutions/week17/ex7_2_dense.py."""\n'
        "import numpy as np\n\n\ndef dense_forward(X, W, b):\n"
        '    """Unlike grader/checks, this is mine."""\n'
        "    return np.einsum('ni,io->no', X, W) + b\n"
    )
    (tmp_path / "week17").mkdir()
    (tmp_path / "week17" / DENSE.filename).write_text(code, encoding="utf-8")
    report = grade(["7.2"], submission=tmp_path, seed=1)
    assert report.results[0].passed, report.results[0].feedback()


# ---- `grade` with the import guard alone (where Landlock is missing) ------------------------


@pytest.mark.parametrize("case", CASES)
def test_without_landlock_the_import_guard_still_fails_each_case(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRADER_SANDBOX", "0")
    root = tmp_path / case
    shutil.copytree(HOSTILE / case, root, ignore=shutil.ignore_patterns("expected.json"))
    report = grade(["7.2"], submission=root, seed=4)
    assert_borrowed([check.message for check in report.results[0].checks], case)
    assert any(note.startswith("sandbox: import guard only") for note in report.notes)
    assert "import guard only" in sandbox_mode()


def test_containment_mode_names_the_sandbox() -> None:
    mode = containment_mode()
    if landlock_abi() >= 1:
        assert "Landlock ABI" in mode and "writes: its temporary directory" in mode
    else:
        assert "import guard only" in mode


# ---- `grade batch` -------------------------------------------------------------------------


def test_grade_batch_fails_every_borrower_with_the_reason(tmp_path: Path) -> None:
    folder = tmp_path / "class"
    for case in CASES:
        shutil.copytree(HOSTILE / case, folder / case, ignore=shutil.ignore_patterns("*.json"))
    honest = folder / "honest" / "week17"
    honest.mkdir(parents=True)
    (honest / DENSE.filename).write_text(reference_source(DENSE), encoding="utf-8")
    out = tmp_path / "grades"
    assert main(["batch", "7.2", str(folder), "-o", str(out), "--jobs", "2", "--quiet"]) == 0
    for case in CASES:
        document = json.loads((out / "results" / f"{case}.json").read_text(encoding="utf-8"))
        assert document["score"] == 0, case
        assert case_reason(case) in document["tests"][0]["output"], case
    honest_result = json.loads((out / "results" / "honest.json").read_text(encoding="utf-8"))
    assert honest_result["score"] == honest_result["max_score"] > 0


# ---- nbgrader --------------------------------------------------------------------------------


def answer_index(notebook: dict[str, Any], module: str) -> int:
    for number, cell in enumerate(notebook["cells"]):
        if cell.get("metadata", {}).get("workbook", {}).get("module") == module:
            return number
    raise AssertionError(f"no answer cell for {module}")


@pytest.fixture(scope="module")
def nbgrader_course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A week-17 course: one student per borrowing case (7.2's answer cell is the case),
    one who adds a cell of their own that imports the reference, and one honest student."""
    root = tmp_path_factory.mktemp("borrow-course")
    assert release_command(["week17", "--course-dir", str(root), "--seed", "2"]) == 0
    release = json.loads((root / "release" / "week17" / "week17.ipynb").read_text("utf-8"))
    where = answer_index(release, DENSE.module)
    students: dict[str, dict[str, Any]] = {}
    for case in [*CASES, "honest"]:
        notebook = copy.deepcopy(release)
        source = reference_source(DENSE) if case == "honest" else case_source(case)
        notebook["cells"][where]["source"] = marker_line(DENSE) + "\n" + source
        students[case] = notebook
    extra = copy.deepcopy(students["honest"])
    helper = nbformat.v4.new_code_cell("from solutions.week17 import ex7_1_activations as mine")
    extra["cells"].insert(where, dict(helper))
    students["borrow_in_extra_cell"] = extra
    for student, notebook in students.items():
        target = root / "submitted" / student / "week17" / "week17.ipynb"
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    done = nbgrader(root, "autograde", "week17", "--force")
    assert done.returncode == 0, done.stdout + done.stderr
    yield root


def autograded_dense_output(course: Path, student: str) -> tuple[float, str]:
    """7.2's points (visible + hidden) and the text its test cells printed."""
    path = course / "autograded" / student / "week17" / "week17.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    score, text = 0.0, ""
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if grade_id in (release_grade_id("7.2", "visible"), release_grade_id("7.2", "hidden")):
            for output in cell.get("outputs", []):
                text += "".join(output.get("text", ""))
                plain = "".join(output.get("data", {}).get("text/plain", ""))
                if plain:
                    score += float(plain)
    return score, text


@pytest.mark.parametrize("case", CASES)
def test_nbgrader_autograde_fails_each_borrowing_answer_cell(
    case: str, nbgrader_course: Path
) -> None:
    score, text = autograded_dense_output(nbgrader_course, case)
    assert score == 0, (case, text)
    assert case_reason(case) in text, (case, text)


def test_nbgrader_fails_a_notebook_with_a_cell_of_its_own_that_imports_the_reference(
    nbgrader_course: Path,
) -> None:
    score, text = autograded_dense_output(nbgrader_course, "borrow_in_extra_cell")
    assert score == 0 and "a cell of this notebook" in text and REASON in text, text
    honest_score, honest_text = autograded_dense_output(nbgrader_course, "honest")
    assert honest_score == 4, honest_text


def test_run_checks_sees_a_borrowing_cell_but_not_its_own_test_cells() -> None:
    test_cell = 'from grader.nbgrader_cells import run_checks\n\nrun_checks("7.2", seed=2)'
    answer = marker_line(DENSE) + "\n" + reference_source(DENSE)
    assert notebook_borrowing([answer, test_cell]) == ""
    reason = notebook_borrowing(["import grader.checks.ex7_2.checks as peek", answer, test_cell])
    assert "In [1]" in reason and "hidden checks" in reason
    assert run_checks("7.2", seed=2, inputs=["import solutions", answer]) == 0.0


# ---- Gradescope ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def autograder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A week-17 bundle unzipped as Gradescope does, with its own `grade` in <root>/venv:
    the bundle's code, not this checkout's, grades (as after setup.sh)."""
    root = tmp_path_factory.mktemp("gradescope-borrow")
    bundle = root / "autograder.zip"
    assert main(["gradescope", "week17", "-o", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "source")
        for info in archive.infolist():
            mode = info.external_attr >> 16
            if mode:
                os.chmod(root / "source" / info.filename, stat.S_IMODE(mode))
    grade_script = root / "venv" / "bin" / "grade"
    grade_script.parent.mkdir(parents=True)
    grade_script.write_text(
        f'#!/bin/sh\nPYTHONPATH="{root / "source"}" exec "{sys.executable}" -m grader.cli "$@"\n'
    )
    grade_script.chmod(0o755)
    return root


def run_autograder(root: Path, filename: str, text: str) -> dict[str, Any]:
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    submission.mkdir()
    (submission / filename).write_text(text, encoding="utf-8")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    done = subprocess.run(
        ["bash", str(root / "source" / "run_autograder")], env=env, capture_output=True,
        timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads((root / "results" / "results.json").read_text())
    return document


def test_the_bundle_ships_only_its_weeks_checks_and_reference(autograder: Path) -> None:
    source = autograder / "source"
    suites = {path.parent.name for path in (source / "grader" / "checks").glob("*/checks.py")}
    specs = {path.parent.name for path in (source / "grader" / "checks").glob("*/spec.py")}
    assert "cnn_train" in specs  # every exercise's spec ships: the registry reads them all
    assert {"ex7_1", "ex7_2", "ex7_3", "mlp_forward"} <= suites
    assert not suites & {"ex7_4", "ex7_7", "mlp", "overfit", "cnn_forward", "cnn_train"}
    reference = {p.relative_to(source / "solutions").as_posix() for p in source.rglob("*.py")
                 if "solutions" in p.parts}  # fmt: skip
    assert all(name.startswith("week17/") or name == "__init__.py" for name in reference)
    assert not (source / "exercises" / "week18").exists()
    assert 'export GRADER_SECRET_DIRS="$ROOT/source"' in (source / "run_autograder").read_text()


def test_a_week_20_bundle_has_the_lenet_helpers_but_no_week_19_checks(tmp_path: Path) -> None:
    bundle = tmp_path / "week20.zip"
    assert main(["gradescope", "week20", "-o", str(bundle)]) == 0
    names = set(zipfile.ZipFile(bundle).namelist())
    assert {"grader/checks/cnn_train/checks.py", "grader/checks/lenet.py"} <= names
    assert "solutions/week19/cnn_forward.py" in names  # the reference its checks compare with
    for suite in ("cnn_forward", "ex7_8", "shape_quiz", "mlp", "ex7_2"):
        assert f"grader/checks/{suite}/checks.py" not in names, suite
    assert not [name for name in names if name.startswith(("exercises/week19", "tests/"))]


@pytest.mark.parametrize("case", CASES)
def test_run_autograder_fails_each_borrower(case: str, autograder: Path) -> None:
    document = run_autograder(autograder, DENSE.filename, case_source(case))
    dense = next(test for test in document["tests"] if test["number"] == "7.2")
    assert dense["score"] == 0 and case_reason(case) in dense["output"], dense
    assert "def dense_forward(X" not in json.dumps(document)  # no reference text leaks


def test_run_autograder_student_cannot_write_results_or_read_the_bundle(
    autograder: Path,
) -> None:
    results = autograder / "results" / "results.json"
    code = (
        "import numpy as np\n"
        "def attempt(action):\n"
        "    try:\n        action()\n        return 'done'\n"
        "    except OSError as error:\n        return type(error).__name__\n"
        f"WRITE = attempt(lambda: open({str(results)!r}, 'w').write('{{\"score\": 99}}'))\n"
        f"READ = attempt(lambda: open({str(autograder / 'source' / 'README.md')!r}).read())\n"
        "print('write:', WRITE, 'read:', READ)\n"
        "def dense_forward(X, W, b):\n    return X @ W + b\n"
    )
    document = run_autograder(autograder, DENSE.filename, code)
    dense = next(test for test in document["tests"] if test["number"] == "7.2")
    assert dense["status"] == "passed", dense
    assert document["score"] < 99
    if landlock_abi() >= 1:
        assert "write: PermissionError read: PermissionError" in dense["output"], dense


# ---- The sandbox, probed from inside a child --------------------------------------------------

PROBE = """
import os
import socket


def try_open(path, mode="r"):
    try:
        with open(path, mode) as handle:
            if "w" in mode:
                handle.write("x")
            else:
                handle.read(1)
        return "allowed"
    except OSError as error:
        return type(error).__name__


def try_connect(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return "connected"
    except OSError as error:
        return type(error).__name__


def try_torch():
    import torch

    return float(torch.ones(3).sum())
"""


@pytest.fixture
def probe(tmp_path: Path) -> Iterator[Worker]:
    root = tmp_path / "submission"
    (root / "week17").mkdir(parents=True)
    (root / "week17" / DENSE.filename).write_text(PROBE, encoding="utf-8")
    with Worker(root, DENSE.module, Limits(timeout=60, memory_bytes=6 * 1024**3)) as worker:
        yield worker


@LANDLOCK
def test_the_child_cannot_open_files_of_the_project(probe: Worker) -> None:
    for path in ("README.md", "pyproject.toml", "docs/nbgrader.md", "notebooks/week17.ipynb"):
        assert probe.call("try_open", str(ROOT / path)) == "PermissionError", path


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (
            "solutions/week17/ex7_2_dense.py",
            "reference solutions (solutions/week17/ex7_2_dense.py)",
        ),
        ("grader/checks/ex7_2/checks.py", "hidden checks (grader/checks/ex7_2/checks.py)"),
        ("tests/conftest.py", "test answers (tests/conftest.py)"),
    ],
)
def test_the_child_reaching_for_the_answers_fails_the_exercise(
    path: str, reason: str, probe: Worker
) -> None:
    with pytest.raises(StudentFailure) as failure:
        probe.call("try_open", str(ROOT / path))
    assert failure.value.kind == "borrowed"
    assert reason in failure.value.message


@LANDLOCK
def test_the_child_cannot_write_outside_its_directory(probe: Worker, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    assert probe.call("try_open", str(outside), "w") == "PermissionError"
    assert not outside.exists()
    assert probe.call("try_open", "inside.txt", "w") == "allowed"  # its working directory


@LANDLOCK
def test_the_child_cannot_connect_to_a_local_tcp_server(probe: Worker) -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    accepted: list[object] = []

    def accept() -> None:
        server.settimeout(5)
        try:
            accepted.append(server.accept())
        except OSError:
            pass

    waiter = threading.Thread(target=accept)
    waiter.start()
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass  # the server works from outside the sandbox
    waiter.join()
    assert len(accepted) == 1
    waiter = threading.Thread(target=accept)
    waiter.start()
    assert probe.call("try_connect", port) in (
        "PermissionError",
        "OSError",
        "ConnectionRefusedError",
    )
    waiter.join()
    server.close()
    assert len(accepted) == 1, "the child reached the server"


def test_torch_still_works_inside_the_sandbox(probe: Worker) -> None:
    assert probe.call("try_torch") == 3.0


def test_carving_leaves_out_the_secrets_and_keeps_their_neighbours(tmp_path: Path) -> None:
    site = tmp_path / "venv" / "lib" / "site-packages"
    for name in ("numpy", "solutions", "grader", "torch"):
        (site / name).mkdir(parents=True)
    (site / "six.py").write_text("")
    allowed = carve([str(tmp_path / "venv")], [str(site / "solutions"), str(site / "grader")])
    assert str(site / "numpy") in allowed and str(site / "six.py") in allowed
    assert not any("solutions" in path or "grader" in path for path in allowed)
    project = tmp_path / "project"
    (project / ".venv").mkdir(parents=True)
    (project / "solutions").mkdir()
    kept = carve([str(project / ".venv")], [str(project / "solutions")], [str(project)])
    assert kept == [str(project / ".venv")]


def test_the_guard_refuses_an_answers_module_by_name_before_any_folder_is_read() -> None:
    """Does the child's guard, as the first meta path finder, refuse `grader.checks...` and
    `solutions...` by name (so a folder the sandbox hides cannot turn a borrowing attempt
    into a plain "no module named"), and let every other import through?"""
    from grader.isolation.import_guard import BorrowedAnswers, Guard

    guard = Guard([])
    assert guard.find_spec("grader.checks.ex7_2") is None  # not armed yet: grading's own imports
    guard.armed = True
    with pytest.raises(BorrowedAnswers, match="hidden checks"):
        guard.find_spec("grader.checks.ex7_2")
    assert "grader/checks/ex7_2" in guard.borrowed
    with pytest.raises(BorrowedAnswers, match="reference"):
        guard.find_spec("solutions.week17.ex7_2_dense")
    assert guard.find_spec("numpy") is None and guard.find_spec("grader.wording") is None
