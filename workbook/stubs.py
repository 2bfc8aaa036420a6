"""The notebooks' setup cell: import the week's stub modules one at a time.

A stub with a syntax error (or one that raises on import) must not take the notebook down
with it. `load` imports each module on its own, prints the file it loaded, or the file, line
and error of one that failed, and hands back a stand-in for the failed ones. The stand-in
raises a readable `AttributeError` on any use, so the picture cells draw with the reference
and say why, and the check cells (which import the code in their own process) report the
error themselves.
"""

from __future__ import annotations

import importlib
import importlib.util
import traceback
from pathlib import Path
from types import ModuleType

PACKAGE = "exercises"


class NotImported(AttributeError):
    """Raised by a stand-in on any attribute: its module did not import."""


class Unimported:
    """Stands in for a stub module that failed to import.

    Attributes:
        name: the dotted module, e.g. ``exercises.week17.ex7_2_dense``.
        where: ``path/to/file.py, line 12`` (as precisely as the error says).
        error: the error, one line.
    """

    def __init__(self, name: str, where: str, error: str) -> None:
        self.name = name
        self.where = where
        self.error = error

    def __getattr__(self, attribute: str) -> object:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        raise NotImported(
            f"{self.where} did not import ({self.error}); fix it, save, and run the setup "
            "cell again"
        )

    def __repr__(self) -> str:
        return f"<{self.name}: did not import: {self.where}: {self.error}>"


def origin(name: str) -> str:
    """The file a module would be loaded from, or its dotted name when it can't be found."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError, SyntaxError):
        spec = None
    return spec.origin if spec is not None and spec.origin else name


def location(error: BaseException, file: str) -> str:
    """`file, line N` for the line the error points at, preferring a line in `file`."""
    if isinstance(error, SyntaxError) and error.filename:
        return f"{shorten(error.filename)}, line {error.lineno}"
    frames = traceback.extract_tb(error.__traceback__)
    mine = [frame for frame in frames if frame.filename == file] or frames[-1:]
    if not mine:
        return shorten(file)
    return f"{shorten(mine[-1].filename)}, line {mine[-1].lineno}"


def shorten(path: str) -> str:
    """`exercises/week17/ex7_2_dense.py` rather than the whole absolute path."""
    parts = Path(path).parts
    if PACKAGE in parts:
        return "/".join(parts[len(parts) - parts[::-1].index(PACKAGE) - 1 :])
    return path


def one_line(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        return f"SyntaxError: {error.msg}"
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def load(*modules: str) -> tuple[ModuleType | Unimported, ...]:
    """Import ``exercises.<module>`` for each module and print what happened.

    Args:
        modules: e.g. ``"week17.ex7_1_activations"``.
    Returns:
        The modules, in order; a failed one is an :class:`Unimported` stand-in.
    """
    loaded: list[ModuleType | Unimported] = []
    for module in modules:
        name = f"{PACKAGE}.{module}"
        file = origin(name)
        try:
            loaded.append(importlib.import_module(name))
            print("your code:", file)
        except (Exception, SystemExit) as error:  # noqa: BLE001 - any failure is reported
            stand_in = Unimported(name, location(error, file), one_line(error))
            loaded.append(stand_in)
            print(
                f"✗ {stand_in.where}: {stand_in.error}. Its check cell shows the error and "
                "its pictures use the reference until you fix it, save, and run this cell again."
            )
    return tuple(loaded)
