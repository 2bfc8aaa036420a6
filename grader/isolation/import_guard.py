"""The import guard (an audit hook in the child): recognise, refuse and record every import,
open or listing of the answers, and say so in the one line the report shows."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import Any

from grader.isolation.sandbox_plan import HIDDEN_CHECKS, Secret, inside, real

# Imported modules that count as borrowing answers (by dotted prefix).
SECRET_MODULES = {
    "solutions": "the reference solutions",
    "grader.checks": "the grader's hidden checks",
    "tests": "the grader's test answers",
}


class BorrowedAnswers(PermissionError):
    """Raised into student code that reaches for the reference or the hidden checks."""


@dataclass
class Guard:
    """Recognises, refuses and remembers every reach for the answers.

    Attributes:
        secrets: the folders that hold answers.
        borrowed: the first reach, as the one line the report shows ("" while none).
        armed: acts only once set, just before the student's module is imported.
        mode: how the sandbox closed, in one line (`apply_plan`'s account).
    """

    secrets: list[Secret]
    borrowed: str = ""
    armed: bool = False
    mode: str = ""

    def hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        reason = ""
        if event == "import" and args and isinstance(args[0], str):
            reason = self.module_reason(args[0])
        elif event in ("open", "os.listdir", "os.scandir", "os.chdir", "shutil.copyfile"):
            if args and isinstance(args[0], (str, bytes, os.PathLike)):
                reason = self.path_reason(args[0])
        if reason:
            if not self.borrowed:
                self.borrowed = reason
            raise BorrowedAnswers(reason)

    def module_reason(self, name: str) -> str:
        for prefix, label in SECRET_MODULES.items():
            if name == prefix or name.startswith(prefix + "."):
                return borrowed_message(label, name.replace(".", "/") + module_suffix(name))
        return ""

    def path_reason(self, raw: Any) -> str:
        try:
            path = real(os.fsdecode(raw))
        except (TypeError, ValueError, OSError):
            return ""
        # The innermost folder decides: grader/checks/ holds answers, the rest of grader/ not.
        for secret in sorted(self.secrets, key=lambda s: -len(s.path)):
            if inside(path, secret.path):
                if not secret.label:
                    return ""
                top = os.path.dirname(secret.path)
                if os.path.basename(secret.path) == HIDDEN_CHECKS[0]:
                    top = os.path.dirname(top)
                shown = source_name(os.path.relpath(path, top))
                return borrowed_message(secret.label, shown)
        return ""


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
    return f"your code used {label} ({where}); write your own"


def install_guard(secrets: list[Secret]) -> Guard:
    """Add the audit hook; it acts once `armed` is set, just before student code runs."""
    guard = Guard(secrets)
    sys.addaudithook(guard.hook)
    return guard
