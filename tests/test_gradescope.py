"""`grade gradescope`: the autograder.zip, run as Gradescope runs it, on a temporary root.

The test unzips the bundle into <root>/source, puts an upload in <root>/submission and runs
`bash run_autograder` with AUTOGRADER_ROOT=<root> and this venv's `grade` on PATH.

setup.sh pip-installs the project from the package registry, and tests must not need the
network, so the test that runs it for real is opt-in: GRADESCOPE_SETUP_TEST=1 pytest
tests/test_gradescope.py (about 3 minutes). The others check what it would install.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import GOLDEN, reference_source

from grader.cli import main
from grader.registry import BY_ID

TARGETS = ("7.4", "7.7")
BUGGY = GOLDEN / "variants" / "7.4" / "not_divided_by_n.py"
TEST_KEYS = {"name", "number", "score", "max_score", "status", "output", "visibility"}


@pytest.fixture(scope="module")
def autograder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundle for 7.4 and 7.7, unzipped where Gradescope puts it: <root>/source."""
    folder = tmp_path_factory.mktemp("gradescope")
    bundle = folder / "autograder.zip"
    assert main(["gradescope", *TARGETS, "-o", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder / "source")
        for info in archive.infolist():  # extractall drops the mode bits; restore them
            mode = info.external_attr >> 16
            if mode:
                os.chmod(folder / "source" / info.filename, stat.S_IMODE(mode))
    return folder


def run_autograder(root: Path, upload: dict[str, str], own_venv: bool = False) -> dict[str, Any]:
    """Run one submission through run_autograder; return results.json.

    `own_venv` leaves this venv off PATH, so the `grade` setup.sh installed must do the work.
    """
    submission = root / "submission"
    if submission.exists():
        for item in submission.iterdir():
            item.unlink()
    submission.mkdir(exist_ok=True)
    for name, text in upload.items():
        (submission / name).write_text(text, encoding="utf-8")
    venv_bin = Path(sys.executable).parent
    assert (venv_bin / "grade").is_file()
    outside = [part for part in os.environ["PATH"].split(os.pathsep) if part != str(venv_bin)]
    path = os.pathsep.join(outside) if own_venv else f"{venv_bin}:{os.environ['PATH']}"
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": path}
    env.pop("VIRTUAL_ENV", None)
    script = root / "source" / "run_autograder"
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads((root / "results" / "results.json").read_text())
    return document


def assert_gradescope_schema(document: dict[str, Any]) -> None:
    assert isinstance(document["score"], int | float)
    assert isinstance(document["max_score"], int | float)
    for test in document["tests"]:
        assert set(test) >= TEST_KEYS
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("visible", "hidden", "after_due_date", "after_published")


def notebook(*sources: str) -> str:
    cells = [
        {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
         "execution_count": None}
        for source in sources
    ]  # fmt: skip
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells})


def test_bundle_holds_the_project_and_executable_scripts(autograder: Path) -> None:
    """Does the zip carry the project's source, an executable setup.sh and run_autograder?"""
    source = autograder / "source"
    for name in ("pyproject.toml", "constraints.txt", "README.md"):
        assert (source / name).is_file(), name
    for tree in ("grader", "solutions", "workbook", "exercises"):
        assert (source / tree / "__init__.py").is_file(), tree
    assert not list(source.rglob("__pycache__"))
    for script in ("setup.sh", "run_autograder"):
        assert os.access(source / script, os.X_OK), script
    setup = (source / "setup.sh").read_text()
    assert '-c "$SOURCE/constraints.txt"' in setup
    assert 'TORCH_INDEX="${TORCH_INDEX_URL-https://download.pytorch.org/whl/cpu}"' in setup
    assert '${TORCH_INDEX:+--index-url "$TORCH_INDEX"} torch' in setup
    run = (source / "run_autograder").read_text()
    assert "TARGETS=(7.4 7.7)" in run
    assert 'grade "${TARGETS[@]}" --submission "$ROOT/submission" --format json' in run
    assert subprocess.run(["bash", "-n", str(source / "setup.sh")]).returncode == 0


def test_correct_flat_upload_gets_full_marks(autograder: Path) -> None:
    """Does a correct upload of flat exercise files score max_score, every test passed?"""
    upload = {BY_ID[e].filename: reference_source(BY_ID[e]) for e in TARGETS}
    document = run_autograder(autograder, upload)
    assert_gradescope_schema(document)
    assert [test["number"] for test in document["tests"]] == list(TARGETS)
    assert document["score"] == document["max_score"] == 13
    assert all(test["status"] == "passed" for test in document["tests"])


def test_buggy_notebook_upload_fails_7_4_with_its_hint(autograder: Path) -> None:
    """Does a notebook with the n-times gradient lose 7.4's points with the diagnosis?"""
    buggy = reference_source(BY_ID["7.4"]) + "\n" + BUGGY.read_text()
    upload = {"week18.ipynb": notebook(buggy, reference_source(BY_ID["7.7"]))}
    document = run_autograder(autograder, upload)
    assert_gradescope_schema(document)
    tests = {test["number"]: test for test in document["tests"]}
    assert tests["7.4"]["status"] == "failed" and tests["7.4"]["score"] == 3
    assert "exactly n times the numerical gradient" in tests["7.4"]["output"]
    assert tests["7.7"]["status"] == "passed"
    assert document["score"] == 9 and document["max_score"] == 13


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        ({"notes.txt": "nothing here"}, "week18/ex7_4_backprop.py"),
        ({"week18.ipynb": "{not json"}, "not a valid notebook"),
    ],
    ids=["no-modules", "broken-notebook"],
)
def test_an_ungradable_upload_still_gets_valid_results(
    autograder: Path, upload: dict[str, str], reason: str
) -> None:
    """Does an upload with nothing to grade still get results.json: 0 points and why?"""
    document = run_autograder(autograder, upload)
    assert document["score"] == 0
    assert_gradescope_schema(document)
    assert reason in json.dumps(document)


def test_unknown_target_is_a_one_line_usage_error(tmp_path: Path) -> None:
    """Does `grade gradescope week99` exit 2 with one line on stderr?"""
    command = [sys.executable, "-m", "grader.cli", "gradescope", "week99", "-o", "x.zip"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2
    assert "unknown target 'week99'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.zip").exists()


@pytest.mark.skipif(
    os.environ.get("GRADESCOPE_SETUP_TEST") != "1",
    reason="runs setup.sh, which installs from the package registry: GRADESCOPE_SETUP_TEST=1",
)
def test_setup_sh_installs_a_grader_that_run_autograder_uses(
    tmp_path_factory: pytest.TempPathFactory, autograder: Path
) -> None:
    """Does setup.sh build <root>/venv, from which run_autograder grades an upload alone?"""
    root = tmp_path_factory.mktemp("image")
    shutil.copytree(autograder / "source", root / "source")
    # TORCH_INDEX_URL empty: take torch from pip's configured mirror, not download.pytorch.org.
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "TORCH_INDEX_URL": ""}
    setup = subprocess.run(
        ["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True,
        timeout=900,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr[-3000:]
    assert (root / "venv" / "bin" / "grade").is_file()
    versions = subprocess.run(
        [str(root / "venv" / "bin" / "python"), "-c", "import torch; print(torch.__version__)"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert versions.stdout.strip() == "2.13.0+cpu", versions.stderr
    upload = {BY_ID[e].filename: reference_source(BY_ID[e]) for e in TARGETS}
    document = run_autograder(root, upload, own_venv=True)
    assert document["score"] == document["max_score"] == 13
