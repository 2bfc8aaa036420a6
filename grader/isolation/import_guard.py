"""The import guard (an audit hook in the child): recognise, refuse and record every import,
open or listing of the answers, and say so in the one line the report shows."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from grader import wording
from grader.isolation.sandbox_plan import HIDDEN_CHECKS, Secret, inside, real

# Imported modules that count as borrowing answers (by dotted prefix).
SECRET_MODULES = {
    "solutions": wording.REFERENCE_SOLUTIONS,
    "grader.checks": wording.HIDDEN_CHECKS,
    "tests": wording.TEST_ANSWERS,
}


class BorrowedAnswers(PermissionError):
    """Raised into student code that reaches for the reference or the hidden checks."""


@dataclass
class Guard:
    """Recognises, refuses and remembers every reach for the answers.

    Attributes:
        secrets: the folders that hold answers.
        borrowed: the first reach, as the one line the report shows ("" while none), in
            English (the child never translates).
        borrowed_said: the same as a grader.wording record, for the grading process to word.
        armed: acts only once set, just before the student's module is imported.
        mode: how the sandbox closed, in one line (`apply_plan`'s account).
    """

    secrets: list[Secret]
    borrowed: str = ""
    borrowed_said: dict[str, Any] | None = None
    armed: bool = False
    mode: str = ""

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        said = None
        if event == "import" and args and isinstance(args[0], str):
            said = self.module_reason(args[0])
        elif event in ("open", "os.listdir", "os.scandir", "os.chdir", "shutil.copyfile"):
            if args and isinstance(args[0], (str, bytes, os.PathLike)):
                said = self.path_reason(args[0])
        if said is not None:
            self.refuse(said)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        """As the first finder of `sys.meta_path`: refuse a module of the answers by name,
        however the import is spelled (`importlib.import_module` raises no "import" audit
        event, and a folder the sandbox hides reads as "no such module" instead)."""
        if self.armed:
            said = self.module_reason(name)
            if said is not None:
                self.refuse(said)

    def refuse(self, said: dict[str, Any]) -> None:
        """Remember the first reach for the answers and raise it into the student's code."""
        reason = wording.english(said)
        if not self.borrowed:
            self.borrowed, self.borrowed_said = reason, said
        raise BorrowedAnswers(reason)

    def module_reason(self, name: str) -> dict[str, Any] | None:
        for prefix, label in SECRET_MODULES.items():
            if name == prefix or name.startswith(prefix + "."):
                where = name.replace(".", "/") + module_suffix(name)
                return wording.said(wording.BORROWED, what=label, where=where)
        return None

    def path_reason(self, raw: Any) -> dict[str, Any] | None:
        try:
            path = real(os.fsdecode(raw))
        except (TypeError, ValueError, OSError):
            return None
        # The innermost folder decides: grader/checks/ holds answers, the rest of grader/ not.
        for secret in sorted(self.secrets, key=lambda s: -len(s.path)):
            if inside(path, secret.path):
                if not secret.label:
                    return None
                top = os.path.dirname(secret.path)
                if os.path.basename(secret.path) == HIDDEN_CHECKS[0]:
                    top = os.path.dirname(top)
                shown = source_name(os.path.relpath(path, top))
                return wording.said(wording.BORROWED, what=secret.label, where=shown)
        return None


def source_name(relative: str) -> str:
    """How a report names a file of a package: its source, not its bytecode cache
    ("solutions/week18/__pycache__/x.cpython-311.pyc" is solutions/week18/x.py), and a
    package by its folder ("solutions/__init__.py" is solutions/)."""
    parts = relative.split("/")
    if len(parts) >= 2 and parts[-2] == "__pycache__":
        parts = [*parts[:-2], parts[-1].split(".")[0] + ".py"]
    if parts[-1] == "__init__.py":
        return "/".join(parts[:-1]) + "/"
    return "/".join(parts)


def module_suffix(name: str) -> str:
    """How a module's file is written: a package folder, or a module (three parts deep)."""
    return ".py" if name.count(".") >= 2 else "/"


def borrowed_message(label: str, where: str) -> str:
    """The grading process's line for a borrowed answer (its static scan), in its language."""
    return wording.borrowed(label, where)


def install_guard(secrets: list[Secret]) -> Guard:
    """Add the audit hook and the first meta path finder; they act once `armed` is set,
    just before student code runs."""
    guard = Guard(secrets)
    sys.addaudithook(guard.hook)
    sys.meta_path.insert(0, guard)
    return guard
