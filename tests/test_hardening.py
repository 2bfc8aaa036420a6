"""Hostile, runaway and malformed submissions: each one fails alone and leaves nothing behind.

The corpus in tests/golden/hostile/<case>/ breaks exercise 7.2 in one hostile way each
(expected.json: the verdict and a substring of its message). Each case is graded beside
the reference 7.1, which must still pass; the run must end within its limits, leave no
process and no file behind (the grader's temporary directories go to a private folder
that must be empty afterwards), and leave the submission as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader.cli import main
from grader.grade import grade, grade_exercise
from grader.isolation import runner
from grader.isolation.runner import Limits, StudentFailure, Worker
from grader.registry import BY_ID
from workbook.paths import SOLUTIONS

HOSTILE = GOLDEN / "hostile"
CASES = sorted(path.name for path in HOSTILE.iterdir() if path.is_dir())
MARKER = "hostile-marker"
DENSE = BY_ID["7.2"]


# ---- Helpers ---------------------------------------------------------------------------


def live_processes_with(text: str) -> list[int]:
    """Live (not zombie) processes whose command line or environment contains `text`."""
    needle = text.encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            state = (entry / "stat").read_bytes().rpartition(b")")[2].split()[0]
            seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
        except (OSError, IndexError):
            continue
        if state not in (b"Z", b"X") and needle in seen:
            found.append(int(entry.name))
    return found


def files_under(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def marker_files_outside() -> set[str]:
    """Files named like the corpus's writes in /tmp or in our own HOME (where they'd land if
    HOME and TMPDIR weren't redirected)."""
    places = [Path(tempfile.gettempdir()), Path("/tmp"), Path.home()]
    return {str(path) for place in places for path in place.glob(f"*{MARKER}*")}


@pytest.fixture
def grader_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private folder for the grader's own temporary directories (must end up empty)."""
    folder = tmp_path / "grader-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def without_cgroups(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fallback: no cgroup, the grader counts the child's tree itself."""
    monkeypatch.setattr(
        "grader.isolation.cgroups.cgroup_parent", lambda: (None, "disabled for this test")
    )


def check_case(case: str, tmp_path: Path, grader_tmp: Path) -> None:
    expected: dict[str, Any] = json.loads((HOSTILE / case / "expected.json").read_text())
    root = tmp_path / f"{case} ünï cödé"
    shutil.copytree(HOSTILE / case, root, ignore=shutil.ignore_patterns("expected.json"))
    write_submission(root, BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    before, outside = files_under(root), marker_files_outside()
    timeout = expected.get("timeout")
    start = time.monotonic()
    report = grade(["7.1", "7.2"], submission=root, seed=11, timeout=timeout)
    seconds = time.monotonic() - start
    reference, hostile = report.results
    assert reference.passed, reference.feedback()
    assert expected["verdict"] == "failed"
    assert not hostile.passed and hostile.score == 0
    messages = [check.message for check in hostile.checks]
    assert any(expected["message"] in message for message in messages), hostile.feedback()
    for message in messages:
        assert "\n" not in message and "Traceback" not in message, message
    assert seconds < (timeout or DENSE.timeout) + 5
    time.sleep(expected.get("settle", 0))  # late writers would have written by now
    assert live_processes_with(str(grader_tmp)) == []
    assert live_processes_with(str(root)) == []
    assert list(grader_tmp.iterdir()) == []
    assert files_under(root) == before
    assert marker_files_outside() == outside


# ---- The corpus ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_hostile_submission_fails_alone_and_leaves_nothing(
    case: str, tmp_path: Path, grader_tmp: Path
) -> None:
    """Does each hostile 7.2 fail with its reason, within its limits, leaving nothing?"""
    check_case(case, tmp_path, grader_tmp)


@pytest.mark.parametrize("case", ["fork_bomb", "escapee", "writes_files", "background_printer"])
def test_without_cgroups_processes_are_still_counted_and_killed(
    case: str, tmp_path: Path, grader_tmp: Path, without_cgroups: None
) -> None:
    """Where no pids cgroup can be made, does the grader's own count stop a bomb and kill
    every escapee?"""
    assert runner.containment_mode().startswith("no pids cgroup (disabled for this test)")
    check_case(case, tmp_path, grader_tmp)


def test_the_machine_says_how_it_contains_processes() -> None:
    """Is the containment in use here reported in one line (cgroup, or why not)?"""
    mode = runner.containment_mode()
    print(mode)
    assert "\n" not in mode and "all are killed at its end" in mode


@pytest.mark.parametrize("cgroups", [True, False], ids=["cgroup", "counted"])
def test_a_small_process_limit_stops_a_fork_bomb(
    cgroups: bool, submission_root: Path, grader_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Is a bomb stopped at a limit of 16, and reported as such, with or without cgroups?"""
    if not cgroups:
        monkeypatch.setattr(
            "grader.isolation.cgroups.cgroup_parent", lambda: (None, "disabled for this test")
        )
    elif runner.cgroup_parent()[0] is None:
        pytest.skip(f"no pids cgroup here: {runner.cgroup_parent()[1]}")
    shutil.copytree(HOSTILE / "fork_bomb" / "week17", submission_root / "week17")
    X, W, b = np.ones((2, 3)), np.ones((3, 4)), np.ones(4)
    start = time.monotonic()
    with Worker(submission_root, DENSE.module, Limits(timeout=10.0, processes=16)) as worker:
        with pytest.raises(StudentFailure) as failure:
            worker.call("dense_forward", X, W, b)
        cgroup = worker.containment.cgroup if worker.containment else None
        if cgroup is not None and (cgroup / "pids.peak").exists():
            assert int((cgroup / "pids.peak").read_text()) <= 16
    assert failure.value.message == "started too many processes (limit 16, threads included)"
    assert time.monotonic() - start < 5
    assert live_processes_with(str(grader_tmp)) == []


# ---- Without privileges ----------------------------------------------------------------------


def run_unprivileged(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`grade ...` in a new user namespace: an ordinary user as far as files, cgroups and
    capabilities go (uid 65534, no CAP_DAC_OVERRIDE, cgroup folders not writable)."""
    environment = {**os.environ, "HOME": str(home), "TMPDIR": str(home / "tmp")}
    command = ["unshare", "--user", sys.executable, "-m", "grader.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=environment, cwd=home
    )


@pytest.fixture
def unprivileged_home(tmp_path: Path) -> Path:
    """A HOME for the unprivileged runs; skips where user namespaces are unavailable."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) to run grade without privileges")
    probe = subprocess.run(
        ["unshare", "--user", sys.executable, "-c", "import os, grader.cli; print(os.geteuid())"],
        capture_output=True, text=True,
    )  # fmt: skip
    if probe.returncode != 0 or probe.stdout.strip() == "0":
        pytest.skip(f"cannot run grade in a user namespace here: {probe.stderr.strip()[-200:]}")
    home = tmp_path / "home"
    (home / "tmp").mkdir(parents=True)
    return home


ESCAPING_CONV = """
import os, time
from pathlib import Path
HERE = Path(__file__).resolve().parent
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        script = f"sleep 1; echo escaped > '{HERE}/MARKER-nobody.txt'; sleep 30"
        os.execve("/bin/sh", ["/bin/sh", "-c", script], {})
    os._exit(0)
def conv2d_out(H, W, KH, KW, stride=1, padding=0):
    return (0, 0)
"""


def test_without_privileges_limits_hold_and_unreadable_files_fail_plainly(
    unprivileged_home: Path,
) -> None:
    """As an ordinary user (no cgroup may be made), is a fork bomb stopped, an escapee
    killed, and an unreadable module or notebook a plain one-line failure?"""
    home = unprivileged_home
    root = home / "submission"
    write_submission(root, BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    shutil.copytree(HOSTILE / "fork_bomb" / "week17", root / "week17", dirs_exist_ok=True)
    write_submission(root, BY_ID["7.3"], reference_source(BY_ID["7.3"]))
    write_submission(root, BY_ID["7.8"], ESCAPING_CONV.replace("MARKER", MARKER))
    (root / BY_ID["7.3"].path).chmod(0)
    before = files_under(root)
    args = ["7.1", "7.2", "7.3", "7.8", "--submission", str(root), "--format", "json"]
    done = run_unprivileged(*args, "--seed", "2", home=home)
    assert done.returncode == 1, done.stderr
    tests = {test["number"]: test for test in json.loads(done.stdout)["tests"]}
    assert tests["7.1"]["status"] == "passed"
    assert "started too many processes (limit 64" in tests["7.2"]["output"]
    assert "PermissionError while importing week17/ex7_3_softmax.py" in tests["7.3"]["output"]
    assert tests["7.8"]["status"] == "failed"
    time.sleep(1.5)  # the escapee would have written its file by now
    assert live_processes_with(str(home)) == []
    assert list((home / "tmp").iterdir()) == []
    assert files_under(root) == before
    # A notebook that cannot be read is a one-line usage error.
    notebook = home / "locked.ipynb"
    notebook.write_text("{}")
    notebook.chmod(0)
    done = run_unprivileged("7.2", "--submission", str(notebook), home=home)
    assert done.returncode == 2 and "cannot read" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


# ---- Ctrl-C --------------------------------------------------------------------------------

SLOW_DENSE = """
import subprocess, time
from pathlib import Path
subprocess.Popen(["sleep", "4242.{tag}"])
Path("started").write_text("x")  # in its working directory: the submission is read-only
def dense_forward(X, W, b):
    time.sleep(60)
"""


def wait_for_any(folder: Path, name: str, seconds: float = 30.0) -> None:
    """Wait until a file called `name` appears anywhere below `folder`."""
    end = time.monotonic() + seconds
    while not list(folder.rglob(name)):
        assert time.monotonic() < end, f"no {name} appeared below {folder}"
        time.sleep(0.05)


# Python leaves SIGINT ignored when it starts with it ignored (as under `pytest &`): the
# launcher gives `grade` the usual KeyboardInterrupt handler whatever our parent did.
LAUNCHER = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv = ['grade', *sys.argv[1:]]; runpy.run_module('grader.cli', run_name='__main__')"
)


def start_grade(args: list[str], private_tmp: Path) -> subprocess.Popen[str]:
    environment = {**os.environ, "TMPDIR": str(private_tmp)}
    return subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=environment,
    )  # fmt: skip


def test_ctrl_c_during_grade_prints_the_partial_report(tmp_path: Path) -> None:
    """Does Ctrl-C stop the children, print what was graded (the rest "not graded:
    interrupted") and exit with 130?"""
    tag = uuid.uuid4().hex[:8]
    root, private = tmp_path / f"sigint-{tag}", tmp_path / "tmp"
    private.mkdir()
    write_submission(root, BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    write_submission(root, DENSE, SLOW_DENSE.format(tag=int(tag, 16) % 10000))
    # One job: 7.1 is graded before 7.2 starts, and 7.2 says when it has started.
    grading = start_grade(["7.1", "7.2", "--submission", str(root), "--jobs", "1"], private)
    wait_for_any(private, "started")
    time.sleep(0.3)
    grading.send_signal(signal.SIGINT)
    out, err = grading.communicate(timeout=30)
    assert grading.returncode == 130, out + err
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith("  7.")}
    assert "✓ passed" in rows["7.1"] and "✗ failed" in rows["7.2"]
    assert "✗ All checks: not graded: interrupted" in out
    assert err.strip().endswith("grade: interrupted") and "Traceback" not in err
    assert live_processes_with(str(private)) == [] and live_processes_with(str(root)) == []
    assert list(private.iterdir()) == []


def test_ctrl_c_during_grade_batch_saves_who_was_graded(tmp_path: Path) -> None:
    """Does Ctrl-C stop a batch's children, keep the students graded so far, list the
    others as "not graded: interrupted" and exit with 130?"""
    tag = uuid.uuid4().hex[:8]
    folder, out_dir, private = tmp_path / f"class-{tag}", tmp_path / "grades", tmp_path / "tmp"
    private.mkdir()
    write_submission(folder / "alice", BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    write_submission(folder / "alice", DENSE, reference_source(DENSE))
    write_submission(folder / "bob", BY_ID["7.1"], reference_source(BY_ID["7.1"]))
    write_submission(folder / "bob", DENSE, SLOW_DENSE.format(tag=int(tag, 16) % 10000))
    args = ["batch", "7.1", "7.2", str(folder), "-o", str(out_dir), "--jobs", "1", "--quiet"]
    grading = start_grade(args, private)
    # bob's slow module says it has started in its working directory, under `private`.
    wait_for_any(private, "started")
    time.sleep(0.3)
    grading.send_signal(signal.SIGINT)
    out, err = grading.communicate(timeout=30)
    assert grading.returncode == 130, out + err
    assert "Class summary: 1 student (" in out
    assert "not graded: interrupted: bob (rerun to grade them)" in out
    assert (out_dir / "results" / "alice.json").is_file()
    assert not (out_dir / "results" / "bob.json").exists()
    assert live_processes_with(str(private)) == []
    assert list(private.iterdir()) == []


# ---- Two runs at once ----------------------------------------------------------------------

STATEFUL_DENSE = """
from pathlib import Path
import os
# State in the working directory and in HOME: shared folders would show here.
for place in (Path("count.txt"), Path(os.environ["HOME"], "count.txt")):
    count = int(place.read_text()) + 1 if place.exists() else 1
    place.write_text(str(count))
    print("run", count, place.name)
"""


def test_two_grade_runs_at_once_give_the_same_results_as_one_after_the_other(
    tmp_path: Path,
) -> None:
    """Do two concurrent `grade` processes (same submission, or two different ones) report
    exactly what they report one after the other?"""
    subs = []
    for name, body in (("right", "return X @ W + b"), ("wrong", "return X @ W.T + b")):
        source = (
            reference_source(DENSE)
            + STATEFUL_DENSE
            + (f"\n\ndef dense_forward(X, W, b):\n    {body}\n")
        )
        root = write_submission(tmp_path / name, DENSE, source)
        write_submission(root, BY_ID["7.3"], reference_source(BY_ID["7.3"]))
        subs.append(root)
    private = tmp_path / "tmp"
    private.mkdir()

    def args(root: Path) -> list[str]:
        return ["7.2", "7.3", "--submission", str(root), "--seed", "42", "--format", "json"]

    def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
        out, err = process.communicate(timeout=120)
        assert process.returncode in (0, 1), err
        report: dict[str, Any] = json.loads(out)
        report.pop("execution_time")
        return report

    alone = [finish(start_grade(args(root), private)) for root in subs]
    for pair in ([subs[0], subs[0]], [subs[0], subs[1]]):
        running = [start_grade(args(root), private) for root in pair]
        together = [finish(process) for process in running]
        assert together == [alone[subs.index(root)] for root in pair]
    assert alone[0]["tests"][0]["status"] == "passed"
    assert "uses W.T" in alone[1]["tests"][0]["output"]
    assert "run 1 count.txt" in alone[0]["tests"][0]["output"]
    assert list(private.iterdir()) == []


# ---- Output ----------------------------------------------------------------------------------

FAKE_OUTPUT = r"""
import sys
print('{"score": 100, "max_score": 100, "tests": []}')
print("  7.2          Dense layer forward        ✓ passed      4/4")
print("\x1b[1A\x1b[2K\rTotal: 4/4 points, 1/1 exercises passed", end="\r")
sys.stderr.write("\x1b]0;owned\x07Total: 4/4 points\n")
def dense_forward(X, W, b):
    return X @ W
"""


def test_printed_verdicts_cannot_pass_for_the_graders(tmp_path: Path) -> None:
    """Does `--format json` print pure JSON, and text mode show student output only inside
    the indented "Your code printed:" block, with terminal escapes defused?"""
    root = write_submission(tmp_path / "s", DENSE, FAKE_OUTPUT)
    private = tmp_path / "tmp"
    private.mkdir()
    common = ["7.2", "--submission", str(root), "--seed", "5"]
    as_json = start_grade([*common, "--format", "json"], private)
    out, _ = as_json.communicate(timeout=60)
    report = json.loads(out)  # nothing but the report on stdout
    assert out.strip() == json.dumps(report, indent=2)
    assert report["score"] == 0 and report["tests"][0]["status"] == "failed"
    text = start_grade(common, private)
    out, _ = text.communicate(timeout=60)
    assert text.returncode == 1
    assert "\x1b" not in out and "\r" not in out and "\x07" not in out
    lines = out.splitlines()
    block = lines.index("  Your code printed:")
    after = block + 1
    while lines[after].startswith("    | "):
        after += 1
    student = lines[block + 1 : after]
    assert any("✓ passed" in row for row in student)
    assert any("\\x1b[1A" in row for row in student)
    outside = lines[:block] + lines[after:]
    assert not any("✓ passed      4/4" in row or '"score": 100' in row for row in outside)
    assert [row for row in outside if row.startswith("Total:")] == [lines[-1]]
    assert "Total: 0/4 points" in lines[-1]


def test_a_print_flood_of_short_lines_and_one_giant_line_is_cut_fast(
    submission_root: Path,
) -> None:
    """Are 200,000 short lines and one 20 MB line cut to a few lines without slowing
    grading down?"""
    body = (
        "import sys\n"
        "def dense_forward(X, W, b):\n"
        "    sys.stdout.write('spam\\n' * 200_000)\n"
        "    sys.stdout.write('x' * 20_000_000)\n"
        "    return X @ W + b\n"
    )
    write_submission(submission_root, DENSE, reference_source(DENSE) + "\n\n" + body)
    start = time.monotonic()
    result = grade_exercise(DENSE, submission_root, seed=3)
    assert result.passed, result.feedback()
    assert time.monotonic() - start < 8
    lines = result.output.splitlines()
    assert len(lines) <= runner.OUTPUT_KEEP_LINES + 1
    assert "more bytes of output cut" in lines[-1]
    assert len(result.output) < 3000


# ---- Malformed notebooks and submission paths ------------------------------------------


def notebook(cells: list[str], nbformat: int = 4) -> str:
    return json.dumps(
        {
            "nbformat": nbformat, "nbformat_minor": 5, "metadata": {},
            "cells": [
                {"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                 "execution_count": None}
                for source in cells
            ],
        }
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not a valid notebook (invalid JSON"),
        (notebook(["x = 1"], nbformat=3), "nbformat 3 is not supported"),
        (notebook([]), "the notebook has no code cells"),
        ("[1, 2]", "not a notebook (no list of cells)"),
    ],
)
def test_malformed_notebooks_are_one_line_usage_errors(
    content: str, needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a notebook we cannot grade a one-line usage error (exit 2), not a traceback?"""
    path = tmp_path / "mein Notizbuch ü.ipynb"
    path.write_text(content, encoding="utf-8")
    assert main(["7.2", "--submission", str(path)]) == 2
    captured = capsys.readouterr()
    assert needle in captured.err and len(captured.err.strip().splitlines()) == 1
    assert captured.out == ""


def test_magics_shell_escapes_and_input_in_a_notebook(tmp_path: Path) -> None:
    """Are `%timeit` and `!pip install` skipped with a note, and input() a plain failure?"""
    code = reference_source(DENSE)
    cells = ["%matplotlib inline\n!pip install numpy", code, "%timeit dense_forward(1, 1, 1)"]
    path = tmp_path / "ünï notebook.ipynb"
    path.write_text(notebook(cells), encoding="utf-8")
    report = grade(["7.2"], submission=path, seed=4)
    assert report.results[0].passed, report.results[0].feedback()
    assert "ignored the IPython line `!pip install numpy`" in report.notes
    assert "ignored the IPython line `%timeit dense_forward(1, 1, 1)`" in report.notes
    path.write_text(notebook([code, "name = input('Your name? ')"]), encoding="utf-8")
    result = grade(["7.2"], submission=path, seed=4).results[0]
    assert not result.passed
    message = result.checks[0].message
    assert message.startswith("EOFError while importing week17/ex7_2_dense.py: EOF when reading")
    assert "\n" not in message


def test_symlinks_out_of_a_submission_are_not_followed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Is a module symlinked to the reference solution refused (tree) or ignored (flat
    upload), while a link inside the submission is fine?"""
    reference = SOLUTIONS / DENSE.path
    tree = tmp_path / "tree"
    (tree / "week17").mkdir(parents=True)
    (tree / DENSE.path).symlink_to(reference)
    assert main(["7.2", "--submission", str(tree)]) == 2
    err = capsys.readouterr().err
    assert "week17/ex7_2_dense.py in" in err and "symbolic link out of the submission" in err
    assert len(err.strip().splitlines()) == 1
    # A whole week folder linked out is refused too.
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "week17").symlink_to(SOLUTIONS / "week17")
    assert main(["7.2", "--submission", str(linked)]) == 2
    assert "week17 in" in capsys.readouterr().err
    # A flat upload: the link is ignored, with a note, and the module is missing.
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "ex7_2_dense.py").symlink_to(reference)
    (flat / "ex7_1_activations.py").write_text(reference_source(BY_ID["7.1"]))
    report = grade(["7.1", "7.2"], submission=flat, seed=1)
    assert report.results[0].passed
    assert "missing module week17/ex7_2_dense.py" in report.results[1].feedback()
    assert any("ignored ex7_2_dense.py: a symbolic link out of" in note for note in report.notes)
    # Inside the submission a link is just another name for the student's own file, and a
    # link out to data (no code in it) is fine.
    data = tmp_path / "data"
    data.mkdir()
    (data / "digits.csv").write_text("1,2\n")
    inside = write_submission(tmp_path / "inside", DENSE, "")
    (inside / "week17" / "data").symlink_to(data)
    (inside / "week17" / "mine.py").write_text(reference_source(DENSE))
    (inside / DENSE.path).unlink()
    (inside / DENSE.path).symlink_to(inside / "week17" / "mine.py")
    assert grade(["7.2"], submission=inside, seed=1).results[0].passed


def test_unreadable_files_as_root(tmp_path: Path) -> None:
    """chmod 000 stops nobody as root; as another user see the test run as nobody above."""
    if os.geteuid() != 0:
        pytest.skip("as a user other than root, the test run as nobody covers this")
    root = write_submission(tmp_path / "s", DENSE, reference_source(DENSE))
    (root / DENSE.path).chmod(0)
    assert grade(["7.2"], submission=root, seed=1).results[0].passed


# ---- The response pipe -----------------------------------------------------------------------

FORGER = """
import json, os, struct, sys
from pathlib import Path
GARBAGE = Path(__file__).with_name("garbage.json")
def dense_forward(X, W, b):
    spec = json.loads(GARBAGE.read_text())
    frame = sys._getframe(1)
    while "request" not in frame.f_locals:
        frame = frame.f_back
    seq = frame.f_locals["request"].get("seq")
    if spec["raw"] is not None:
        data = bytes.fromhex(spec["raw"])
    else:
        message = dict(spec["message"], seq=seq)
        payload = (spec["payload"] or json.dumps(message)).encode()
        data = struct.pack(">Q", len(payload)) + payload
    os.write(int(sys.argv[2]), data)
    if spec["hang"]:
        os._exit(0)
    return X @ W + b
"""


def forged(message: dict[str, Any] | None = None, payload: str | None = None) -> dict[str, Any]:
    return {"raw": None, "message": message or {}, "payload": payload, "hang": True}


def raw(data: bytes) -> dict[str, Any]:
    return {"raw": data.hex(), "message": {}, "payload": None, "hang": True}


@pytest.mark.parametrize(
    ("spec", "needle"),
    [
        (raw(b"\xff" * 8), "sent back more than 256 MB"),
        (raw(struct.pack(">Q", 5) + b"nope!"), "sent back garbage"),
        (forged(payload="[" * 100_000), "sent back garbage"),
        (forged(payload='"just a string"'), "sent back garbage (message is not a JSON object)"),
        (forged({"ok": True, "result": {"__ndarray__": "!!"}}), "sent back a malformed result"),
        (forged({"ok": True, "result": {"__remote__": "x"}}), "sent back a malformed result"),
        (forged({"ok": True, "result": {"__evil__": 1}}), "sent back a malformed result"),
        (forged({"ok": True, "result": [[[[[[[[1]]]]]]]] * 3}), "dense_forward returned a list"),
        (
            forged({"ok": True, "result": {"__remote__": 7, "type": "X\n✓ passed\x1b[2J"}}),
            "dense_forward returned a X ✓ passed\\x1b[2J; expected a NumPy array",
        ),
        (
            forged(
                {"ok": False, "kind": "error", "type": "Oops\nTraceback", "message": "a\n" * 999}
            ),
            "Oops Traceback: a a a",
        ),
        (
            forged({"ok": True, "result": None, "passed": True, "score": 100}),
            "dense_forward returned None",
        ),
    ],
)
def test_forged_answers_on_the_response_pipe_are_plain_failures(
    spec: dict[str, Any], needle: str, submission_root: Path
) -> None:
    """Whatever bytes the child writes where its answers go, does the grader answer with a
    one-line failure (and never raise, never pass)?"""
    write_submission(submission_root, DENSE, FORGER)
    (submission_root / "week17" / "garbage.json").write_text(json.dumps(spec))
    result = grade_exercise(DENSE, submission_root, seed=2)
    assert not result.passed
    messages = [check.message for check in result.checks]
    assert needle in messages[0], messages
    for message in messages:
        assert "\n" not in message and len(message) < 600
