"""Students and their files: who is in SUBMISSIONS_DIR, their files as bytes, their seed."""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

from grader.answers import WrittenAnswer, read_answers
from grader.batch.fingerprints import common_fingerprint, exercise_fingerprint
from grader.registry import EXERCISES, UsageError

SKIPPED_NAMES = ("__pycache__", ".ipynb_checkpoints", "__MACOSX")
MODULE_PATHS = {exercise.path: exercise.id for exercise in EXERCISES}
MODULE_NAMES = {exercise.filename: exercise.id for exercise in EXERCISES}


@dataclass(frozen=True)
class Settings:
    """Everything besides the student's files that a grade depends on.

    `grader` fingerprints the grader's shared code and the targets' checks and references:
    a Dask worker with another version refuses to grade.
    """

    targets: tuple[str, ...]
    seed: int = 0
    timeout: float | None = None
    memory_gib: float | None = None
    grader: str = ""


@dataclass(frozen=True)
class Snapshot:
    """A student's files as bytes: what is hashed is exactly what is graded, anywhere.

    Attributes:
        name: the student (the entry's name, without .ipynb).
        entry: the entry's name in SUBMISSIONS_DIR.
        is_file: the entry is a notebook, not a folder.
        files: relative POSIX path inside the entry (the entry's own name for a file) -> bytes.
        error: why the files could not be read; grading then fails with it.
        mtime: the newest modification time of its files (a late penalty's last resort).
    """

    name: str
    entry: str
    is_file: bool
    files: dict[str, bytes]
    error: str = ""
    mtime: float | None = None

    def key(self, exercise_id: str, settings: Settings) -> str:
        """The content hash that decides whether a rerun may reuse this exercise's grade.

        It covers the student's files for this exercise (its module, and every file that
        is not another exercise's module), the exercise's checks and reference, the shared
        grader code, the seed and the limits.
        """
        header = [exercise_id, exercise_fingerprint(exercise_id), common_fingerprint(),
                  settings.seed, settings.timeout, settings.memory_gib, self.name,
                  self.is_file, self.error]  # fmt: skip
        digest = hashlib.sha256(json.dumps(header).encode())
        for relative in self.relevant(exercise_id):
            data = self.files[relative]
            digest.update(f"\0{relative}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()

    def relevant(self, exercise_id: str) -> list[str]:
        """The files an exercise's grade may depend on: all but the other exercises' modules."""
        modules = [name for name in self.files if module_of(name) is not None]
        chosen = []
        for relative in sorted(self.files):
            owner = module_of(relative)
            if owner is not None and owner != exercise_id:
                continue
            if modules and relative.endswith(".ipynb"):
                continue  # beside modules, notebooks hold written answers, not graded code
            chosen.append(relative)
        return chosen

    def unpack(self, folder: Path) -> Path:
        """Write the files under `folder`; return the path to grade."""
        base = folder if self.is_file else folder / self.entry
        base.mkdir(parents=True, exist_ok=True)
        for relative, data in self.files.items():
            target = base / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder / self.entry


def module_of(relative: str) -> str | None:
    """The exercise whose module `relative` is (tree or flat layout), if any."""
    for path, exercise_id in MODULE_PATHS.items():
        if relative == path or relative.endswith("/" + path):
            return exercise_id
    return MODULE_NAMES.get(relative)


def find_students(folder: Path, out: Path) -> list[tuple[str, Path]]:
    """(name, path) of each student: every folder and every notebook, in name order.

    Hidden entries, __MACOSX and the output folder itself are not students; other files
    (a roster, a manifest) are ignored.
    """
    if not folder.is_dir():
        raise UsageError(f"no such submissions folder: {folder}")
    students: dict[str, Path] = {}
    for item in sorted(folder.iterdir()):
        if item.name.startswith(".") or item.name in SKIPPED_NAMES or same_path(item, out):
            continue
        if item.is_dir() or item.suffix == ".ipynb":
            name = item.name.removesuffix(".ipynb")
            if name in students:
                raise UsageError(f"two submissions for {name}: {students[name].name}, {item.name}")
            students[name] = item
    if not students:
        raise UsageError(f"{folder} holds no submissions (one folder or notebook per student)")
    return list(students.items())


def same_path(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def snapshot(path: Path, name: str) -> Snapshot:
    """Read a student's files: a notebook, or every file in a folder (caches left out)."""
    try:
        if path.is_file():
            return Snapshot(name, path.name, True, {path.name: path.read_bytes()},
                            mtime=path.stat().st_mtime)  # fmt: skip
        files, mtime = read_folder(path)
        error = "" if files else f"empty submission: {path.name}/ holds no files"
        return Snapshot(name, path.name, False, files, error, mtime)
    except OSError as error:
        return Snapshot(name, path.name, path.is_file(), {}, f"cannot read {path}: {error}")


def read_folder(path: Path) -> tuple[dict[str, bytes], float | None]:
    """Every file under `path` (caches left out) and the newest modification time."""
    files: dict[str, bytes] = {}
    newest: float | None = None
    for directory, folders, names in os.walk(path):
        folders[:] = sorted(f for f in folders if not skipped(f))
        for file_name in sorted(names):
            item = Path(directory, file_name)
            if not skipped(file_name) and not item.is_symlink() and item.is_file():
                files[item.relative_to(path).as_posix()] = item.read_bytes()
                newest = max(newest or 0.0, item.stat().st_mtime)
    return files, newest


def skipped(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_NAMES or name.endswith(".pyc")


def student_seed(seed: int, name: str) -> int:
    """Each student's inputs come from (run seed, name): reproducible, and not shared."""
    return zlib.crc32(f"{seed}:{name}".encode()) & 0x7FFFFFFF


def student_answers(path: Path, weeks: list[str]) -> list[WrittenAnswer]:
    """Written answers: the notebook itself, or the week notebooks in the student's folder."""
    if path.is_file():
        notebooks = [path]
    else:
        named = [
            folder / f"{week}.ipynb" for folder in (path, path / "notebooks") for week in weeks
        ]
        notebooks = [item for item in named if item.is_file()] or sorted(path.glob("*.ipynb"))[:1]
    return [answer for notebook in notebooks for answer in read_answers(notebook)]
