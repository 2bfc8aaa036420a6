"""Children forked from a zygote start clean, and are contained exactly as spawned ones.

The hostile, broken, borrowing and golden corpora run under the zygote too (it is the
default); these tests look at what is particular to forking: no state carried from one
student to the next, the sandbox closed in each child and never in the zygote, the HOME
marker, and the fallback to spawning.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import reference_source, write_submission

from grader.grade import grade
from grader.isolation import child, runner, zygote
from grader.isolation.runner import Limits, Worker
from grader.isolation.sandbox import guard_only
from grader.registry import BY_ID

pytestmark = pytest.mark.skipif(
    bool(runner.zygote_unsupported()), reason=f"no zygote here: {runner.zygote_unsupported()}"
)

# Run first or second, each module fails to import if the other left anything behind, then
# leaves its own marks: on NumPy, builtins, the environment, a stdlib module, sys.modules,
# its working directory and the legacy NumPy generator.
LEAVES_STATE = """
import builtins, json, os, sys
from pathlib import Path
import numpy as np
left = [
    name for name, there in (
        ("a NumPy attribute", hasattr(np, "LEFT_BY_A_STUDENT")),
        ("a builtin", hasattr(builtins, "LEFT_BY_A_STUDENT")),
        ("an environment variable", "LEFT_BY_A_STUDENT" in os.environ),
        ("a json attribute", hasattr(json, "LEFT_BY_A_STUDENT")),
        ("a module", "left_by_a_student" in sys.modules),
        ("a file", Path("left_by_a_student.txt").exists()),
    ) if there
]
if left:
    raise RuntimeError("state left by an earlier student: " + ", ".join(left))
np.LEFT_BY_A_STUDENT = builtins.LEFT_BY_A_STUDENT = json.LEFT_BY_A_STUDENT = 1
os.environ["LEFT_BY_A_STUDENT"] = "1"
sys.modules["left_by_a_student"] = json
Path("left_by_a_student.txt").write_text("x")
unseeded = np.random.randint(1 << 30)
np.random.seed(1234)  # a later child must not start from this
marker = b"HOME=" + os.environ["HOME"].encode() + b"\\0"
with open("/proc/self/status") as status:
    no_new_privs = [line.split()[1] for line in status if line.startswith("NoNewPrivs")]
print("parent", os.getppid())
print("unseeded", unseeded)
print("own_marker", marker in open("/proc/self/environ", "rb").read())
print("no_new_privs", no_new_privs)
child = os.fork()
if child == 0:
    os.write(1, b"fork_marker %d\\n" % (marker in open("/proc/self/environ", "rb").read()))
    os._exit(0)
os.waitpid(child, 0)
"""


def two_students(root: Path) -> None:
    for exercise_id in ("7.1", "7.2"):
        exercise = BY_ID[exercise_id]
        write_submission(root, exercise, reference_source(exercise) + LEAVES_STATE)


def live_processes_with(text: str) -> list[int]:
    """Live processes whose command line or environment holds `text` (but this one)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                state = (entry / "stat").read_bytes().rpartition(b")")[2].split()[0]
                seen = (entry / "cmdline").read_bytes() + (entry / "environ").read_bytes()
            except (OSError, IndexError):
                continue
            if state not in (b"Z", b"X") and text.encode() in seen:
                found.append(int(entry.name))
    return found


def printed(output: str, key: str) -> str:
    return next(line.split(key, 1)[1].strip() for line in output.splitlines() if key in line)


def test_a_forked_child_starts_with_no_state_left_by_an_earlier_student(
    submission_root: Path,
) -> None:
    """Is a module-level global (on NumPy, builtins, os.environ, sys.modules, a file) set
    by one student invisible to the next child forked from the same zygote?"""
    two_students(submission_root)
    report = grade(["7.1", "7.2"], submission=submission_root, seed=3, jobs=1)
    parents, draws = set(), set()
    for result in report.results:
        assert result.passed, result.feedback()
        parents.add(printed(result.output, "parent"))
        draws.add(printed(result.output, "unseeded"))
    (zygote_pid,) = parents  # both forked from one zygote, not by the grader
    assert int(zygote_pid) != os.getpid()
    # NumPy's global generator: fresh entropy in each child, not the zygote's state.
    assert len(draws) == 2


def test_the_sandbox_closes_in_each_child_and_never_in_the_zygote(
    submission_root: Path,
) -> None:
    """Does the HOME marker name each child's HOME in /proc/PID/environ (its own and its
    forks'), and is the sandbox (no_new_privs, which Landlock sets) on in the child but
    off in the zygote?"""
    two_students(submission_root)
    result = grade(["7.2"], submission=submission_root, seed=3).results[0]
    assert result.passed, result.feedback()
    assert printed(result.output, "own_marker") == "True"
    assert printed(result.output, "fork_marker") == "1"
    zygote_pid = int(printed(result.output, "parent"))
    zygote_status = Path(f"/proc/{zygote_pid}/status").read_text()
    assert "NoNewPrivs:\t0" in zygote_status
    if not guard_only():
        assert printed(result.output, "no_new_privs") == "['1']"


def test_without_a_usable_zygote_children_are_spawned_and_the_mode_says_so(
    submission_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With GRADER_ZYGOTE=0, or a zygote given up, is each child spawned by the grader
    itself (and still graded the same), and does containment_mode() say so?"""
    two_students(submission_root)
    monkeypatch.setenv("GRADER_ZYGOTE", "0")
    assert "each child is spawned, not forked from a zygote (GRADER_ZYGOTE=0)" in (
        runner.containment_mode()
    )
    result = grade(["7.2"], submission=submission_root, seed=3).results[0]
    assert result.passed, result.feedback()
    assert int(printed(result.output, "parent")) == os.getpid()
    monkeypatch.delenv("GRADER_ZYGOTE")
    given_up = runner.Zygote(("a-test-preload",))
    given_up.fail("given up for this test")
    monkeypatch.setitem(zygote._zygotes, ("a-test-preload",), given_up)
    with Worker(submission_root, BY_ID["7.2"].module, Limits(), preload=("a-test-preload",)) as w:
        assert not isinstance(w.process, runner.ForkedChild)
    mode = runner.containment_mode()
    assert "each child is forked from a zygote" in mode  # the plain one is still fine
    assert "children that use a-test-preload are spawned (given up for this test)" in mode


KILLS_ITS_PARENT = """
import os, signal
os.kill(os.getppid(), signal.SIGKILL)
"""


def test_a_child_that_kills_the_zygote_is_still_graded_and_contained(
    submission_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without Landlock's signal scoping a child may kill its parent, the zygote: is its
    exercise still graded, everything it started killed, and the next child spawned?"""
    monkeypatch.setenv("GRADER_SANDBOX", "0")  # Landlock (ABI 6+) would refuse the signal
    monkeypatch.setattr(zygote, "_zygotes", {})  # a zygote of its own, not the session's
    parent = "\nprint('parent', __import__('os').getppid())\n"
    for exercise_id, extra in (("7.2", KILLS_ITS_PARENT), ("7.3", parent)):
        exercise = BY_ID[exercise_id]
        write_submission(submission_root, exercise, reference_source(exercise) + extra)
    # One at a time, in workbook order: 7.2 kills the zygote, then 7.3 starts.
    report = grade(["7.2", "7.3"], submission=submission_root, seed=3, jobs=1)
    assert all(result.passed for result in report.results), report.results
    assert int(printed(report.results[1].output, "parent")) == os.getpid()
    assert "spawned, not forked from a zygote (the zygote" in runner.zygote_mode()
    assert live_processes_with(str(submission_root)) == []


def test_a_zygote_with_threads_refuses_to_fork() -> None:
    """Does a zygote that finds a second thread after its imports refuse to fork (a fork
    would copy that thread's locks, held or not)?"""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert "threads" in child.fork_unsafe((0, 1))
    finally:
        stop.set()
        thread.join()
    assert child.fork_unsafe(None).startswith("no HOME placeholder")
