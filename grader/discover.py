"""Discover a submission: turn what the user points at into a tree laid out like exercises/.

A submission may be the workbook's own exercises/, any directory laid out like it,
a single exercise module (ex7_4_backprop.py), or a notebook whose code cells make
up the code. The last two are written into a temporary tree, so the rest of the
grader only ever sees one shape.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from grader.checks.spec import Spec
from grader.i18n import _
from grader.isolation.sandbox import inside as path_inside
from grader.isolation.sandbox import secret_folders
from grader.registry import EXERCISES, WEEKS, UsageError
from workbook.paths import EXERCISES as WORKBOOK_EXERCISES

# Our generated notebooks tag each code cell with the module it belongs to.
CELL_MODULE_KEY = "workbook"
MAGIC = re.compile(r"^(\s*)([%!].*)$")
FUTURE = re.compile(r"^from __future__ import ")
# Folders of a submission tree that are not code: not searched for links out of it.
NOT_CODE = frozenset({"__pycache__", ".ipynb_checkpoints", "__MACOSX", "node_modules"})
MAX_ENTRIES = 20_000
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass
class Submission:
    """A tree of student modules (`root/week18/ex7_4_backprop.py` ...).

    Attributes:
        root: the tree's top directory.
        label: how reports name the submission.
        temporary: the tree was written by us and is removed by `cleanup`.
        notes: one-line remarks for the report (e.g. magics that were removed).
    """

    root: Path
    label: str
    temporary: bool = False
    notes: list[str] = field(default_factory=list)

    def cleanup(self) -> None:
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)


def discover(path: Path | None) -> Submission:
    """Resolve a `--submission` argument.

    Raises:
        UsageError: the path doesn't exist or isn't a kind of submission we grade.
    """
    if path is None:
        refuse_links_out(WORKBOOK_EXERCISES)
        return Submission(WORKBOOK_EXERCISES, "exercises/")
    if not path.exists():
        raise UsageError(_("no such submission: {path}").format(path=path))
    if path.is_dir():
        return from_directory(path)
    if path.suffix == ".py":
        return from_module(path)
    if path.suffix == ".ipynb":
        return from_notebook(path)
    raise UsageError(
        _("{path}: expected a directory, a .py exercise module or a .ipynb notebook").format(
            path=path
        )
    )


def from_directory(path: Path) -> Submission:
    """A tree laid out like exercises/, or a flat upload (Gradescope) of modules or a notebook.

    Symbolic links that lead out of the submission are not followed: in a tree (which
    the child imports in place) they are refused, in a flat upload they are ignored.
    """
    if any((path / week).is_dir() for week in WEEKS):
        refuse_links_out(path)
        if holds_answers(path):
            return copy_of_reference(path)
        return Submission(path.resolve(), str(path))
    modules = {e.filename: e for e in EXERCISES}
    notes: list[str] = []
    flat = [item for item in sorted(path.iterdir()) if item.name in modules]
    notebooks = sorted(path.glob("*.ipynb"))
    flat, notebooks = inside(flat, path, notes), inside(notebooks, path, notes)
    if not flat and len(notebooks) == 1:
        submission = from_notebook(notebooks[0])
        submission.notes[:0] = notes
        return submission
    if not flat:
        refuse_links_out(path)
        return Submission(path.resolve(), str(path), notes=notes)
    root = Path(tempfile.mkdtemp(prefix="submission-"))
    for item in flat:
        write_module(root, modules[item.name], read_text(item))
    return Submission(root, str(path), temporary=True, notes=notes)


def holds_answers(path: Path) -> bool:
    """Whether `path` lies inside the reference solutions (or another folder of answers)."""
    secrets, _ = secret_folders()
    real = os.path.realpath(path)
    return any(path_inside(real, secret.path) for secret in secrets)


def copy_of_reference(path: Path) -> Submission:
    """Grading the reference itself (an instructor's sanity check): the child may not read
    the reference's folder, so it gets a copy of the exercise modules."""
    root = Path(tempfile.mkdtemp(prefix="submission-"))
    for exercise in EXERCISES:
        source = path / exercise.path
        if source.is_file():
            write_module(root, exercise, read_text(source))
    return Submission(root, str(path), temporary=True)


def link_out(item: Path, base: Path) -> Path | None:
    """Where `item` really is, when a symbolic link takes it out of `base`; else None."""
    target = Path(os.path.realpath(item))
    return None if target.is_relative_to(base.resolve()) else target


def inside(items: list[Path], base: Path, notes: list[str]) -> list[Path]:
    """`items` without the symbolic links out of `base`, each noted as ignored."""
    kept = []
    for item in items:
        target = link_out(item, base)
        if target is None:
            kept.append(item)
        else:
            notes.append(
                _("ignored {name}: a symbolic link out of the submission ({target})").format(
                    name=item.name, target=target
                )
            )
    return kept


def refuse_links_out(path: Path) -> None:
    """Refuse a tree in which a symbolic link to code (a module, a notebook, a folder of
    modules) leads out; links to data are fine.

    The child imports the tree where it is, so such a link would import code from
    elsewhere (the reference solutions, say) as if it were the student's.

    Raises:
        UsageError: one line naming the first such link.
    """
    seen = 0
    for folder, folders, files in os.walk(path):
        folders[:] = sorted(f for f in folders if f not in NOT_CODE and not f.startswith("."))
        for name in [*folders, *sorted(files)]:
            seen += 1
            item = Path(folder, name)
            if seen > MAX_ENTRIES or not item.is_symlink() or not holds_code(item):
                continue
            target = link_out(item, path)
            if target is not None:
                relative = item.relative_to(path).as_posix()
                raise UsageError(
                    _(
                        "{relative} in {path} is a symbolic link out of the submission (to "
                        "{target}); the grader does not follow it: copy the file in instead"
                    ).format(relative=relative, path=path, target=target)
                )
        if seen > MAX_ENTRIES:
            return


def holds_code(item: Path) -> bool:
    if item.name.endswith((".py", ".ipynb")):
        return True
    try:
        return item.is_dir() and any(
            True for pattern in ("*.py", "*/*.py", "*.ipynb") for _ in item.glob(pattern)
        )
    except OSError:
        return True


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(_("cannot read {path}: {error}").format(path=path, error=error)) from None


def from_module(path: Path) -> Submission:
    matches = [exercise for exercise in EXERCISES if exercise.filename == path.name]
    if not matches:
        names = ", ".join(exercise.filename for exercise in EXERCISES)
        raise UsageError(
            _("{name} is not an exercise module; expected one of {names}").format(
                name=path.name, names=names
            )
        )
    root = Path(tempfile.mkdtemp(prefix="submission-"))
    write_module(root, matches[0], read_text(path))
    return Submission(root, str(path), temporary=True)


def write_module(root: Path, exercise: Spec, source: str) -> None:
    target = root / exercise.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")


def from_notebook(path: Path) -> Submission:
    cells = notebook_code_cells(path)
    if not any(module for _, module in cells):
        imported = imports_exercises(source for source, _ in cells)
        if imported:
            return from_imported_exercises(path, imported)
    notes: list[str] = []
    per_module: dict[str, list[str]] = {}
    untagged: list[str] = []
    for number, (source, module) in enumerate(cells, start=1):
        code, removed = strip_magics(source)
        code = f"# notebook code cell {number}\n{code}"
        ignored = _("ignored the IPython line `{line}`")
        notes.extend(ignored.format(line=line.strip()) for line in removed)
        if module:
            per_module.setdefault(module, []).append(code)
        else:
            untagged.append(code)
    root = Path(tempfile.mkdtemp(prefix="submission-"))
    for exercise in EXERCISES:
        # A cell tagged for a module goes there. Untagged cells form one shared module, but
        # only in a notebook without tags: in a tagged one (an nbgrader release) they are
        # test and setup cells, and a deleted answer cell means a missing module.
        chunks = per_module.get(exercise.module, [] if per_module else untagged)
        if chunks:
            write_module(root, exercise, join_cells(chunks))
    return Submission(root, str(path), temporary=True, notes=notes)


def imports_exercises(sources: Iterable[str]) -> list[str]:
    """The `exercises` modules a notebook imports, when it holds no exercise code of its own.

    Our week notebooks are such notebooks: their setup cell imports the stubs
    (`load("week18.neural_network", ...)`, see workbook.stubs; or a plain
    `from exercises.week18 import neural_network`) and no cell defines a function or a
    class. Returns [] as soon as a cell defines one (the notebook holds code to grade) or
    when nothing comes from `exercises`.
    """
    imported: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(strip_magics(source)[0])
        except (SyntaxError, ValueError):
            continue
        if any(isinstance(statement, DEFINITIONS) for statement in tree.body):
            return []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif stub_loader_call(node):
                names = [f"exercises.{arg.value!s}" for arg in node.args if string(arg)]
            else:
                continue
            imported += [name for name in names if name.split(".")[0] == "exercises"]
    return list(dict.fromkeys(imported))


def stub_loader_call(node: ast.AST) -> TypeGuard[ast.Call]:
    """`load("week17.ex7_1_activations", ...)`: the setup cell's import of the stubs
    (`workbook.stubs.load`)."""
    if not isinstance(node, ast.Call):
        return False
    function = node.func
    name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
    return name == "load" and bool(node.args) and all(string(arg) for arg in node.args)


def string(node: ast.expr) -> TypeGuard[ast.Constant]:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def kernel_exercises(notebook: Path) -> Path | None:
    """The exercises/ tree a notebook's kernel imports, where we can be sure of it.

    A kernel starts in the notebook's folder, so an `exercises/` beside the notebook comes
    first; then, for a notebook in a `notebooks/` folder (the workbook's layout), the
    `exercises/` beside that folder; a notebook inside this workbook otherwise gets the
    workbook's own exercises/ (the editable install). Anywhere else we don't guess.
    """
    beside = [notebook.parent / "exercises"]
    if notebook.parent.name == "notebooks":  # the workbook's layout: notebooks/, exercises/
        beside.append(notebook.parent.parent / "exercises")
    for tree in beside:
        if any((tree / week).is_dir() for week in WEEKS):
            return tree
    workbook = WORKBOOK_EXERCISES.parent
    if notebook.resolve().is_relative_to(workbook) and WORKBOOK_EXERCISES.is_dir():
        return WORKBOOK_EXERCISES
    return None


def from_imported_exercises(path: Path, imported: list[str]) -> Submission:
    """Grade the modules a code-less notebook imports instead of the notebook's cells.

    Running the cells would grade the import lines, and print the setup cell's output once
    per exercise. The label stays the notebook's path, so the reproduce command is the one
    the student typed.
    """
    tree = kernel_exercises(path)
    shown = ", ".join(f"`{name}`" for name in imported[:3]) + (", ..." if imported[3:] else "")
    if tree is None:
        raise UsageError(
            _(
                "{path} holds no exercise code: it imports it from {shown}; grade those files "
                "instead: grade TARGET --submission path/to/exercises"
            ).format(path=path, shown=shown)
        )
    submission = from_directory(tree)
    submission.label = str(path)
    submission.notes.append(
        _(
            "{name} holds no exercise code of its own (it imports {shown}), so the files "
            "it imports were graded: {folder}/"
        ).format(name=path.name, shown=shown, folder=shown_path(tree))
    )
    return submission


def shown_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, else as it is."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def join_cells(chunks: list[str]) -> str:
    """One module from several cells; `from __future__` lines must come first in a module."""
    lines = "\n\n".join(chunks).splitlines()
    future = [line for line in lines if FUTURE.match(line)]
    rest = [line for line in lines if not FUTURE.match(line)]
    return "\n".join([*future, *rest]) + "\n"


def notebook_code_cells(path: Path) -> list[tuple[str, str | None]]:
    """(source, module tag) of each code cell, in order.

    Raises:
        UsageError: the file is not a notebook we can read.
    """
    try:
        document = json.loads(read_text(path))
    except ValueError as error:
        invalid = _("{path}: not a valid notebook (invalid JSON: {error})")
        raise UsageError(invalid.format(path=path, error=error)) from None
    if not isinstance(document, dict) or not isinstance(document.get("cells"), list):
        raise UsageError(_("{path}: not a notebook (no list of cells)").format(path=path))
    if document.get("nbformat") != 4:
        version = document.get("nbformat")
        unsupported = _("{path}: nbformat {version} is not supported; save it as nbformat 4")
        raise UsageError(unsupported.format(path=path, version=version))
    cells = [cell for cell in document["cells"] if isinstance(cell, dict)]
    code = [(cell_source(cell), cell_module(cell)) for cell in cells if is_code(cell)]
    if not code:
        raise UsageError(_("{path}: the notebook has no code cells").format(path=path))
    return code


def is_code(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code"


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(str(line) for line in source)
    return str(source)


def cell_module(cell: dict[str, Any]) -> str | None:
    metadata = cell.get("metadata")
    tag = metadata.get(CELL_MODULE_KEY) if isinstance(metadata, dict) else None
    module = tag.get("module") if isinstance(tag, dict) else None
    return module if isinstance(module, str) else None


def strip_magics(source: str) -> tuple[str, list[str]]:
    """Replace IPython magics and shell escapes, which aren't Python, by `pass`."""
    kept: list[str] = []
    removed: list[str] = []
    for line in source.splitlines():
        magic = MAGIC.match(line)
        if magic:
            removed.append(magic.group(2))
            kept.append(f"{magic.group(1)}pass  # removed by the grader: {magic.group(2)}")
        else:
            kept.append(line)
    return "\n".join(kept), removed
