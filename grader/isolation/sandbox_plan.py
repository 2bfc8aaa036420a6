"""The sandbox plan, made by the grader for each child: which paths it may read (Python, the
system, the submission) and write (its work directory), and which folders hold answers
wherever this installation keeps them. Plain data, sent to the child as JSON."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import site
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from grader.wording import HIDDEN_CHECKS as HIDDEN_CHECKS_LABEL
from grader.wording import REFERENCE_SOLUTIONS, TEST_ANSWERS

# Set GRADER_SANDBOX=0 to skip Landlock and the network namespace (the import guard stays).
SANDBOX_VARIABLE = "GRADER_SANDBOX"
# More folders that hold answers, separated by ":" (run_autograder names the bundle's source).
SECRETS_VARIABLE = "GRADER_SECRET_DIRS"

# Packages of this project whose files hold answers, and how a report names each.
# A folder with a label holds answers: reading it fails the exercise with that label. One
# without is only out of reach (the grader's own code: a library may read its source lines
# for a warning, which is no borrowing).
SECRET_PACKAGES = {"solutions": REFERENCE_SOLUTIONS, "grader": "", "workbook": ""}
# Folders of a source checkout that are out of reach too (golden variants are solutions).
SECRET_FOLDERS = {**SECRET_PACKAGES, "tests": TEST_ANSWERS}
HIDDEN_CHECKS = ("checks", HIDDEN_CHECKS_LABEL)  # inside each grader folder
SYSTEM_READ = ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/proc", "/sys")


@dataclass(frozen=True)
class Secret:
    """A directory out of the child's reach, and how a report names the answers it holds
    ("" when reading it is refused without a verdict)."""

    path: str
    label: str


@dataclass(frozen=True)
class Plan:
    """What one child may touch. Plain data: it travels to the child as JSON.

    Attributes:
        read: directories and files the child may read (and execute).
        write: directories the child may read and write (its temporary directory).
        secrets: directories that hold answers; reading them, or importing from them,
            fails the exercise. `read` never lies over them.
        containers: directories that hold secrets and other project files (a source
            checkout, an autograder bundle): never readable as a whole.
        landlock: apply Landlock and a network namespace (False: the import guard only).
    """

    read: list[str]
    write: list[str]
    secrets: list[Secret]
    containers: list[str] = field(default_factory=list)
    landlock: bool = True

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @staticmethod
    def from_json(text: str) -> Plan:
        data = json.loads(text)
        secrets = [Secret(**item) for item in data.pop("secrets")]
        return Plan(secrets=secrets, **data)


def real(path: str | Path) -> str:
    return os.path.realpath(path)


def inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or below it (both real paths)."""
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@functools.cache
def secret_folders() -> tuple[tuple[Secret, ...], tuple[str, ...]]:
    """Where this installation keeps answers: the packages wherever they are installed,
    and, in a source checkout or an autograder bundle, the project's own folders."""
    secrets: dict[str, str] = {}
    containers: set[str] = set()
    for package, label in SECRET_PACKAGES.items():
        for folder in package_folders(package):
            secrets.setdefault(folder, label)
    for folder in list(secrets):
        project = os.path.dirname(folder)
        if os.path.isfile(os.path.join(project, "pyproject.toml")):
            containers.add(project)
            for name, label in SECRET_FOLDERS.items():
                candidate = os.path.join(project, name)
                if os.path.isdir(candidate):
                    secrets.setdefault(real(candidate), label)
    for folder in os.environ.get(SECRETS_VARIABLE, "").split(":"):
        if folder and os.path.isdir(folder):
            containers.add(real(folder))
            for name, label in SECRET_FOLDERS.items():
                candidate = os.path.join(folder, name)
                if os.path.isdir(candidate):
                    secrets.setdefault(real(candidate), label)
    for folder, label in list(secrets.items()):
        checks = os.path.join(folder, HIDDEN_CHECKS[0])
        if not label and os.path.basename(folder) == "grader" and os.path.isdir(checks):
            secrets[real(checks)] = HIDDEN_CHECKS[1]
    found = tuple(Secret(path, label) for path, label in sorted(secrets.items()))
    return found, tuple(sorted(containers))


def package_folders(package: str) -> list[str]:
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return []
    if spec is None or not spec.submodule_search_locations:
        return []
    return [real(folder) for folder in spec.submodule_search_locations if os.path.isdir(folder)]


@functools.cache
def python_folders() -> tuple[str, ...]:
    """The Python installation the child runs: prefixes, the stdlib, site-packages and
    whatever else is on the import path (a `.pth` file may add folders); the project's own
    folders among them are carved out later."""
    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    folders.update(site.getsitepackages())
    folders.update(entry for entry in sys.path if entry and os.path.isabs(entry))
    folders.add(os.path.dirname(sys.executable))
    folders.update(real(folder) for folder in list(folders))
    return tuple(sorted(folder for folder in folders if os.path.exists(folder)))


def make_plan(submission: Path, workdir: Path) -> Plan:
    """The sandbox of one child: read the Python installation, the system and the
    submission, write `workdir`, and nothing of the project's answers."""
    secrets, containers = secret_folders()
    read = [*python_folders(), *SYSTEM_READ, real(submission)]
    return Plan(
        read=[folder for folder in read if os.path.exists(folder)],
        write=[real(workdir)],
        secrets=list(secrets),
        containers=list(containers),
        landlock=sandbox_enabled(),
    )


def sandbox_enabled() -> bool:
    return os.environ.get(SANDBOX_VARIABLE, "1") != "0"
