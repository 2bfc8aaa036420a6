"""A static scan of student code for borrowed answers, before any of it runs.

The child's sandbox and audit hook (`grader.isolation.sandbox`) stop every reach for the
reference solutions or the hidden checks at run time. This scan reads the code first, so
the plain cases fail at once with one line that names the line of code: an import of
`solutions`, `grader` or `tests`, in any spelling (`import`, `from … import`,
`importlib.import_module("…")`, `__import__`, `find_spec`), or a string that names
their modules or files (``"solutions/week18/…"``). Docstrings and comments don't count.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from grader.isolation.sandbox import SECRET_MODULES, borrowed_message, module_suffix

# What student code may not import, longest prefix first, with how a report names it. The
# rest of `grader` is no answer (a notebook's setup cell imports `grader.notebook`).
FORBIDDEN_MODULES: tuple[tuple[str, str], ...] = tuple(
    sorted(SECRET_MODULES.items(), key=lambda item: -len(item[0]))
)
# A string that names a forbidden module: dotted anywhere ("solutions.week18"), a bare name
# ("solutions") only where it is imported by name (`import_module("solutions")`).
NAME = r"\.[A-Za-z_]\w*"
DOTTED_MODULE = re.compile(rf"^((solutions|tests)({NAME})+|grader\.checks({NAME})*)$")
BARE_MODULE = re.compile(r"^(solutions|tests)$")
IMPORTERS = frozenset({"import_module", "__import__", "find_spec", "find_loader", "reload"})
# A path into the reference or the checks ("solutions/week18/...", ".../grader/checks").
PATH_STRING = re.compile(
    r"(?:^|[/\\])(solutions|grader[/\\]checks)[/\\]|[/\\](solutions|grader[/\\]checks)$"
)
PATH_LABELS = {"solutions": "the reference solutions", "grader": "the grader's hidden checks"}


@dataclass(frozen=True)
class Borrowing:
    """One reach for the answers found in the code.

    Attributes:
        message: the one line a report shows ("your code used …; write your own").
        line: where it is, 1-based.
    """

    message: str
    line: int

    def describe(self, filename: str) -> str:
        return f"{self.message} ({filename}:{self.line})"


def find_borrowing(source: str) -> Borrowing | None:
    """The first reach for the answers in `source`, or None (also for code that doesn't
    parse: the child reports the syntax error)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    docstrings = docstring_nodes(tree)
    for node in ast.walk(tree):
        found = node_borrowing(node, docstrings)
        if found is not None:
            return found
    return None


def node_borrowing(node: ast.AST, docstrings: set[int]) -> Borrowing | None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            message = module_message(alias.name)
            if message:
                return Borrowing(message, node.lineno)
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        for alias in node.names:
            message = module_message(imported_module(node.module, alias.name))
            if message:
                return Borrowing(message, node.lineno)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if id(node) not in docstrings:
            message = string_message(node.value)
            if message:
                return Borrowing(message, node.lineno)
    elif isinstance(node, ast.Call) and called_name(node.func) in IMPORTERS and node.args:
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if BARE_MODULE.match(first.value.strip()):
                return Borrowing(module_message(first.value.strip()), node.lineno)
    return None


def imported_module(module: str, name: str) -> str:
    """What `from module import name` reaches: `from grader import checks` is grader.checks,
    `from solutions.week18.ex7_4_backprop import forward` is the module itself."""
    if "." not in module and name != "*":
        return f"{module}.{name}"
    return module


def called_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def module_message(name: str) -> str:
    for prefix, label in FORBIDDEN_MODULES:
        if name == prefix or name.startswith(prefix + "."):
            return borrowed_message(label, name.replace(".", "/") + module_suffix(name))
    return ""


def string_message(text: str) -> str:
    stripped = text.strip()
    if DOTTED_MODULE.match(stripped):
        return module_message(stripped)
    found = PATH_STRING.search(stripped)
    if found and len(stripped) < 500:
        folder = (found.group(1) or found.group(3))[:7].rstrip("/\\")
        return borrowed_message(
            PATH_LABELS["grader" if folder == "grader" else "solutions"], stripped
        )
    return ""


def docstring_nodes(tree: ast.AST) -> set[int]:
    """The string constants that are docstrings (ids), which may mention anything."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def scan_module(root: Path, relative: str) -> str:
    """The borrowing in the submission's module `relative` ("week18/ex7_4_backprop.py"),
    described with its line; "" when there is none or the module can't be read."""
    try:
        source = (root / relative).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    found = find_borrowing(source)
    return found.describe(relative) if found is not None else ""
