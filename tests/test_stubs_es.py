"""The one stub set speaks both languages: each docstring a student reads ends in Spanish.

Every stub module's docstring, and the docstring of every function and class a student writes
(its body raises ``NotImplementedError``), keeps the reference's English exactly and then holds
a Spanish version headed ``En español:``, from the ``stubs`` catalog. The Spanish part never
repeats the English section words tests/test_contract.py parses (``Args:``, ``Returns:``,
``Common mistake:``), and each translation keeps the English's code spans and argument names.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from grader.checks.spec import Spec
from workbook.content import WEEK_LAYOUTS
from workbook.notebooks import build_notebook, signatures
from workbook.paths import EXERCISES, ROOT, SOLUTIONS
from workbook.stub_files import (
    SPANISH_HEADING,
    bilingual_source,
    messages,
    pieces,
    stubs_translator,
    student_written,
)

SEPARATOR = f"\n\n{SPANISH_HEADING}\n"
ENGLISH_SECTIONS = re.compile(r"^\s*(Args|Returns|Raises|Attributes):|Common mistakes?:", re.M)
CODE_SPAN = re.compile(r"``[^`]+``|`[^`]+`")
ENTRY_NAME = re.compile(r"^(\w+|\([\w, ]+\)):\s")


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_catalogs", ROOT / "scripts" / "update_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = load_script()
PO = catalogs.po_path("es", "stubs")
STUB_FILES = sorted(path for path in EXERCISES.rglob("*.py") if "__pycache__" not in path.parts)


def definitions(tree: ast.Module) -> dict[str, ast.AST]:
    """The module (``<module>``), its functions and classes, and their methods (``SGD.step``)."""
    found: dict[str, ast.AST] = {"<module>": tree}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            found[node.name] = node
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    found[f"{node.name}.{item.name}"] = item
    return found


def written_docstrings(path: Path) -> list[tuple[str, str]]:
    """(name, docstring) of the module and of everything a student writes in one stub file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    written = student_written(tree)
    found = []
    for name, node in definitions(tree).items():
        docstring = ast.get_docstring(node) if node in written else None  # type: ignore[arg-type]
        if docstring is not None:
            found.append((name, docstring))
    return found


def reference_docstring(path: Path, name: str) -> str | None:
    """The cleaned docstring of the same module, function, class or method in solutions/."""
    reference = SOLUTIONS / path.relative_to(EXERCISES)
    node = definitions(ast.parse(reference.read_text(encoding="utf-8"))).get(name)
    return ast.get_docstring(node) if node is not None else None  # type: ignore[arg-type]


@pytest.mark.parametrize("path", STUB_FILES, ids=lambda p: p.relative_to(EXERCISES).as_posix())
def test_every_written_docstring_ends_in_spanish(path: Path) -> None:
    """Does each docstring a student reads keep its English and add an `En español:` part
    without the English section words?"""
    found = written_docstrings(path)
    assert found, f"{path}: no module docstring"
    for name, docstring in found:
        assert docstring.count(SEPARATOR) == 1, f"{path.name}:{name}: no single Spanish part"
        english, spanish = docstring.split(SEPARATOR)
        if path.name != "__init__.py":
            assert english == reference_docstring(path, name), f"{path.name}:{name}: English"
        assert spanish.strip(), f"{path.name}:{name}: empty Spanish part"
        assert not ENGLISH_SECTIONS.search(spanish), f"{path.name}:{name}: English headings"


def test_every_student_function_is_covered() -> None:
    """Is every function that raises NotImplementedError among the bilingual docstrings?"""
    functions = 0
    for path in STUB_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(inner, ast.Raise) and "NotImplementedError" in ast.unparse(inner)
                for inner in ast.walk(node)
            ):
                functions += 1
                assert SEPARATOR in (ast.get_docstring(node) or ""), f"{path}: {node.name}"
    assert functions >= 40


def test_stubs_catalog_is_complete_and_as_written() -> None:
    """Is every stubs message translated, and would update_catalogs.py write the same file?"""
    template = catalogs.templates()["stubs"]
    assert len(template) > 250
    assert catalogs.catalog_problems(template, PO) == []
    assert catalogs.render(catalogs.updated(template, "es", PO)) == PO.read_bytes()


def test_translations_keep_code_spans_and_argument_names() -> None:
    """Does each translation keep the English's code spans, and an entry its name?"""
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        english, spanish = str(message.id), str(message.string)
        assert sorted(CODE_SPAN.findall(english)) == sorted(CODE_SPAN.findall(spanish)), english
        name = ENTRY_NAME.match(english)  # an entry (``lr: ...``), or a prose ``Adam: ...``
        if name:
            assert spanish.startswith(name.group(0)), english
    headings = {"Args:": "Argumentos:", "Returns:": "Devuelve:", "Raises:": "Excepciones:"}
    for english, spanish in headings.items():
        assert catalog[english].string == spanish


def test_the_spanish_notebooks_show_the_summaries_in_spanish() -> None:
    """Does "Lo que escribes" show each function's summary through the stubs catalog?"""
    spanish = stubs_translator("es")
    known = messages()
    for week in WEEK_LAYOUTS:
        text = "".join(
            "".join(cell["source"]) for cell in build_notebook(week, language="es")["cells"]
        )
        for exercise in (block for block in week.blocks if isinstance(block, Spec)):
            for item in signatures(exercise.module):
                assert item.summary in known, f"{item.summary!r} is no stubs message"
                assert spanish(item.summary) != item.summary
                assert f'"""{spanish(item.summary)}"""' in text


SOURCE = '''"""Module doc."""


class Net:
    """A net."""

    def forward(self, x):
        """Double x.

        Args:
            x: input, any shape.
        Returns:
            2 * x.

        The steps::

            x -> 2 * x

        Common mistake: adding instead.
        """
        raise NotImplementedError("Net.forward")


def given(x):
    """Given, so English only."""
    return x
'''


def test_bilingual_source_appends_a_translated_part() -> None:
    """Are a module's, a written class's and a written method's docstrings extended, one
    message per paragraph, heading or entry, with an indented block copied as it is?"""
    seen: list[str] = []

    def upper(message: str) -> str:
        seen.append(message)
        return message.upper()

    out = bilingual_source(SOURCE, upper)
    ast.parse(out)
    assert '"""Module doc.\n\nEn español:\n\nMODULE DOC.\n"""' in out
    assert '    """A net.\n\n    En español:\n\n    A NET.\n    """' in out
    assert "        ARGS:\n            X: INPUT, ANY SHAPE.\n        RETURNS:\n" in out
    assert "            x -> 2 * x\n\n        COMMON MISTAKE: ADDING INSTEAD.\n" in out
    assert "GIVEN" not in out and "Given, so English only." in out
    assert "Double x." in seen and "Args:" in seen and "x: input, any shape." in seen
    assert not any("x -> 2" in message for message in seen)


def test_pieces_join_continuation_lines() -> None:
    """Is an entry's continuation line part of the entry, and a wrapped paragraph one line?"""
    docstring = "One\nline.\n\nReturns:\n    w: weights,\n        shape (d,).\n    b: bias."
    kinds = [[(piece.kind, piece.text) for piece in paragraph] for paragraph in pieces(docstring)]
    assert kinds == [
        [("prose", "One line.")],
        [("heading", "Returns:"), ("entry", "w: weights, shape (d,)."), ("entry", "b: bias.")],
    ]
