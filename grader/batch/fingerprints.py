"""What a cached grade depends on besides the student's files: the grader's code.

A grade is reused only while its key holds: the shared grader code (`common_fingerprint`),
the exercise's check suites and reference (`exercise_fingerprint`), NumPy's and Python's
version and the cache's format. A Dask worker whose fingerprint differs refuses to grade.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

import grader
import solutions
from grader.checks import checks_for
from grader.registry import BY_ID, EXERCISES

# Bump when what a cached grade holds, or how a student is graded here, changes: old
# caches are then ignored. The front ends below don't change verdicts, so editing them
# keeps a class's cache; every other file in grader/ is in every exercise's key, and each
# check suite and reference only in the keys of the exercises that use it.
CACHE_FORMAT = 3
FRONT_ENDS = frozenset({
    "grader/gradescope.py", "grader/cli.py", "grader/roster.py", "grader/course.py",
    "grader/penalties.py", "grader/lms.py", "grader/feedback.py", "grader/class_report.py",
    "grader/similarity.py", "grader/rubric.py",
})  # fmt: skip
# `grade batch` itself (this package) is a front end too.
FRONT_END_FOLDERS = ("grader/batch/",)
REFERENCE_CALL = re.compile(r"""reference\(\s*["']([\w.]+)["']\s*\)""")


def grader_sources() -> dict[str, bytes]:
    """relative path -> source of every file of `grader/` and `solutions/` that may matter."""
    found: dict[str, bytes] = {}
    for package in (grader, solutions):
        base = Path(str(package.__file__)).parent
        for path in sorted(base.rglob("*.py")):
            relative = path.relative_to(base.parent).as_posix()
            if "__pycache__" not in relative and not is_front_end(relative):
                found[relative] = path.read_bytes()
    return found


@functools.cache
def exercise_files(exercise_id: str) -> tuple[str, ...]:
    """The check suites of an exercise (and the suites they import), its spec and its
    references."""
    suites = {check.run.__module__ for check in checks_for(exercise_id)}
    pending, seen = list(suites), set(suites)
    sources = grader_sources()
    references = {BY_ID[exercise_id].module}
    while pending:
        relative = pending.pop().replace(".", "/") + ".py"
        text = sources.get(relative, b"").decode("utf-8", errors="replace")
        references.update(REFERENCE_CALL.findall(text))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module in suite_modules():
                if node.module not in seen:
                    seen.add(node.module)
                    pending.append(node.module)
    files = {module.replace(".", "/") + ".py" for module in seen}
    files.add(f"grader/checks/{BY_ID[exercise_id].suite}/spec.py")  # its limits count too
    files |= {f"solutions/{module.replace('.', '/')}.py" for module in references}
    return tuple(sorted(files))


@functools.cache
def suite_modules() -> frozenset[str]:
    """The modules of grader.checks that declare checks (one per exercise, or shared)."""
    return frozenset(
        check.run.__module__ for exercise in EXERCISES for check in checks_for(exercise.id)
    )


@functools.cache
def exercise_fingerprint(exercise_id: str) -> str:
    sources = grader_sources()
    digest = hashlib.sha256()
    for relative in exercise_files(exercise_id):
        digest.update(f"\0{relative}\0".encode() + sources.get(relative, b""))
    return digest.hexdigest()[:16]


@functools.cache
def common_fingerprint() -> str:
    """A hash of the grader's shared code, and of NumPy's and Python's version.

    Check suites and reference solutions are left out: each is in the key of the exercises
    that use it (`exercise_fingerprint`), so editing one check regrades one exercise.
    """
    owned = {relative for e in EXERCISES for relative in exercise_files(e.id)}
    digest = hashlib.sha256(f"{CACHE_FORMAT} {np.__version__} {sys.version_info[:2]}".encode())
    for relative, data in grader_sources().items():
        shared = relative.startswith("grader/") or relative.endswith("__init__.py")
        if relative not in owned and shared:
            digest.update(f"\0{relative}\0".encode() + data)
    return digest.hexdigest()[:16]


def grader_fingerprint(targets: Sequence[str] = ()) -> str:
    """The shared code's fingerprint and that of each target: what a worker must match."""
    parts = [common_fingerprint(), *(exercise_fingerprint(i) for i in targets)]
    return hashlib.sha256(" ".join(parts).encode()).hexdigest()[:16]


def is_front_end(relative: str) -> bool:
    """Whether a file of grader/ leaves verdicts alone (editing it keeps the cache)."""
    return relative in FRONT_ENDS or relative.startswith(FRONT_END_FOLDERS)
