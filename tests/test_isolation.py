"""Student code runs in a child process and cannot reach the verdict.

Each test gives exercise 7.2 a hostile `dense_forward` and checks that the grader
still decides correctly, and that nothing the child started survives grading.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import reference_source, write_submission

from grader.grade import grade_exercise
from grader.registry import BY_ID
from grader.report import ExerciseResult

DENSE = BY_ID["7.2"]


def grade_dense(root: Path, body: str, timeout: float | None = None) -> ExerciseResult:
    source = reference_source(DENSE) + "\n\n" + body
    write_submission(root, DENSE, source)
    return grade_exercise(DENSE, root, seed=8, timeout=timeout)


def test_patching_numpy_in_the_child_does_not_fool_the_grader(submission_root: Path) -> None:
    """Can a submission that makes NumPy's comparisons always succeed pass? No."""
    body = (
        "np.allclose = lambda *a, **k: True\n"
        "np.testing.assert_allclose = lambda *a, **k: None\n"
        "np.array_equal = lambda *a, **k: True\n"
        "def dense_forward(X, W, b):\n"
        "    return np.zeros((X.shape[0], W.shape[1]))\n"
    )
    result = grade_dense(submission_root, body)
    assert not result.passed
    assert "dense_forward is wrong" in result.feedback()


def test_objects_with_lying_dunders_stay_in_the_child(submission_root: Path) -> None:
    """Is an object whose __eq__, __array__ and __reduce__ lie reported as the wrong type?"""
    body = (
        "class Liar:\n"
        "    def __eq__(self, other): return True\n"
        "    def __array__(self, *a, **k): raise SystemExit\n"
        "    def __reduce__(self): return (os.system, ('touch /tmp/pwned',))\n"
        "import os\n"
        "def dense_forward(X, W, b):\n"
        "    return Liar()\n"
    )
    result = grade_dense(submission_root, body)
    assert not result.passed
    assert "dense_forward returned a Liar; expected a NumPy array" in result.feedback()


def test_sigterm_ignoring_loop_is_killed(submission_root: Path) -> None:
    """Does a submission that ignores SIGTERM and loops forever still end at the deadline?"""
    body = (
        "import signal\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "def dense_forward(X, W, b):\n"
        "    while True:\n"
        "        pass\n"
    )
    result = grade_dense(submission_root, body, timeout=1.5)
    assert not result.passed
    assert "timed out after 1.5 s" in result.feedback()
    assert result.seconds < 5


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(int(entry.name))
    return found


def test_background_processes_die_with_the_exercise(submission_root: Path) -> None:
    """Does a process the submission starts in the background outlive grading? No."""
    body = (
        "import subprocess\n"
        "subprocess.Popen(['sleep', '4242.25'])\n"
        "def dense_forward(X, W, b):\n"
        "    return X @ W + b\n"
    )
    result = grade_dense(submission_root, body)
    assert result.passed, result.feedback()
    assert processes_with("4242.25") == []


def test_files_are_written_in_a_temporary_directory(submission_root: Path) -> None:
    """Do relative writes and HOME land in a per-exercise directory that is removed?"""
    body = (
        "import os, pathlib\n"
        "pathlib.Path('written_by_student.txt').write_text('x')\n"
        "print('cwd', os.getcwd(), 'home', os.environ['HOME'])\n"
        "def dense_forward(X, W, b):\n"
        "    return X @ W + b\n"
    )
    result = grade_dense(submission_root, body)
    assert result.passed
    line = next(line for line in result.output.splitlines() if line.startswith("cwd"))
    _, cwd, _, home = line.split()
    assert cwd == home and cwd != os.getcwd()
    assert not Path(cwd).exists()
    assert not Path("written_by_student.txt").exists()


def test_output_floods_are_cut(submission_root: Path) -> None:
    """Is a flood of printed output cut to a few KB without slowing grading down?"""
    body = (
        "import sys\n"
        "def dense_forward(X, W, b):\n"
        "    for _ in range(2000):\n"
        "        sys.stdout.write('spam ' * 2000 + '\\n')\n"
        "    return X @ W + b\n"
    )
    result = grade_dense(submission_root, body)
    assert result.passed
    assert len(result.output) < 3000
    assert "more bytes of output cut" in result.output
