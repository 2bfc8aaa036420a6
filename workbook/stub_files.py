"""The student stubs in exercises/, written from solutions/, with bilingual docstrings.

There is one stub set for both editions. Each stub is its reference module with every
solution region replaced (`workbook.regions.stub_source`); then every docstring a student
reads while writing code (the module's, and those of the functions and classes the student
writes, i.e. whose body raises ``NotImplementedError``) keeps its English exactly and gains,
inside the same docstring, a Spanish version headed ``En español:``.

The Spanish comes from the gettext catalog of the ``stubs`` domain
(``grader/locale/es/LC_MESSAGES/stubs.po``), one message per piece of the docstring:

- a prose paragraph, its line breaks normalised to single spaces (``Common mistake: ...``
  included: its translation starts ``Error común: ...``);
- a section heading (``Args:``, ``Returns:``, ``Raises:``, ``Attributes:``);
- one entry of a section (``X: inputs, shape (n, d_in)``), continuation lines joined.

An indented block outside a section (a diagram, a list of layer shapes) is code-like and is
copied as it is. The translation is wrapped again to the file's line length, without
breaking a code span. `messages` runs the same code with a recording translator, so
``scripts/update_catalogs.py`` collects exactly what the generator translates.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from grader.i18n import LOCALE_DIR, compile_po
from grader.registry import WEEKS
from workbook.paths import SOLUTIONS
from workbook.regions import stub_source

Translate = Callable[[str], str]
DOMAIN = "stubs"
LANGUAGE = "es"
SPANISH_HEADING = "En español:"
HEADER = (
    "# Your workbook file: replace each `raise NotImplementedError` with your code.\n"
    "# Generated from the reference by scripts/generate_exercises.py.\n"
)
PACKAGE_DOCS = {
    "": '"""Student stubs, generated from solutions/ by scripts/generate_exercises.py."""\n',
    **{week: f'"""{week}: fill in the stubs, then run `grade {week}`."""\n' for week in WEEKS},
}
SECTION = re.compile(r"^(Args|Arguments|Returns|Raises|Attributes|Yields):$")
# A line that starts a new entry inside a section: ``name: ...`` or ``(a, b): ...``.
ENTRY = re.compile(r"^ {4}(?:\w+|\([\w, ]+\)):\s")
CODE_SPAN = re.compile(r"``[^`]+``|`[^`]+`")
WIDTH = 96  # the stubs' line limit is 100; a little margin, like the English


class DocstringError(ValueError):
    """A docstring the generator cannot extend (its closing quotes are not at a line's end)."""


@dataclass(frozen=True)
class Piece:
    """One translatable or copied piece of a docstring.

    Attributes:
        kind: "prose", "heading", "entry" or "verbatim".
        text: the message (one line) for the first three; the lines themselves for verbatim.
    """

    kind: str
    text: str


def normalised(text: str) -> str:
    """One line, single spaces: the form of a message in the catalog."""
    return " ".join(text.split())


def pieces(docstring: str) -> list[list[Piece]]:
    """A cleaned docstring as paragraphs (split at blank lines) of pieces."""
    paragraphs = [p for p in re.split(r"\n\s*\n", docstring.strip("\n")) if p.strip()]
    return [_paragraph_pieces(paragraph.splitlines()) for paragraph in paragraphs]


def _paragraph_pieces(lines: list[str]) -> list[Piece]:
    if all(line.startswith((" ", "\t")) for line in lines):
        return [Piece("verbatim", "\n".join(lines))]
    found: list[Piece] = []
    prose: list[str] = []
    entry: list[str] = []
    in_section = False

    def flush() -> None:
        for kind, gathered in (("prose", prose), ("entry", entry)):
            if gathered:
                found.append(Piece(kind, normalised(" ".join(gathered))))
                gathered.clear()

    for line in lines:
        if SECTION.match(line):
            flush()
            found.append(Piece("heading", line))
            in_section = True
        elif in_section and (ENTRY.match(line) or (not entry and line.startswith("    "))):
            flush()
            entry.append(line)
        elif in_section and line.startswith(" "):
            entry.append(line)
        else:
            if in_section:
                flush()
            in_section = False
            prose.append(line)
    flush()
    return found


def messages_of(docstring: str) -> list[str]:
    """The catalog messages of one docstring, in order."""
    return [
        piece.text
        for paragraph in pieces(docstring)
        for piece in paragraph
        if piece.kind != "verbatim"
    ]


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Wrap `text`, keeping each code span on one line where it fits."""
    protected = CODE_SPAN.sub(lambda span: span.group().replace(" ", "\0"), text)
    lines = textwrap.wrap(
        protected,
        width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines = [line.replace("\0", " ") for line in lines]
    if any(len(line) > width for line in lines):  # a code span longer than a line: split it
        lines = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest)
    return lines


def translated_lines(docstring: str, t: Translate, width: int) -> list[str]:
    """The Spanish part of a docstring, unindented: ``En español:``, a blank, the paragraphs."""
    lines = [SPANISH_HEADING]
    for paragraph in pieces(docstring):
        lines.append("")
        for piece in paragraph:
            if piece.kind == "verbatim":
                lines.extend(piece.text.splitlines())
            elif piece.kind == "heading":
                lines.append(t(piece.text))
            elif piece.kind == "entry":
                lines.extend(_wrap(t(piece.text), width, " " * 4, " " * 8))
            else:
                lines.extend(_wrap(t(piece.text), width))
    for line in lines:
        if '"""' in line or "\\" in line:
            raise DocstringError(f"a translation holds a backslash or triple quotes: {line!r}")
    return lines


def _raises_not_implemented(node: ast.AST) -> bool:
    return any(
        isinstance(inner, ast.Raise) and "NotImplementedError" in ast.unparse(inner)
        for inner in ast.walk(node)
    )


def student_written(tree: ast.Module) -> list[ast.Module | ast.FunctionDef | ast.ClassDef]:
    """The module, and every function or class a student writes (a stub raises in its body)."""
    found: list[ast.Module | ast.FunctionDef | ast.ClassDef] = [tree]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and _raises_not_implemented(node):
            found.append(node)
        elif isinstance(node, ast.ClassDef) and _raises_not_implemented(node):
            found.append(node)
            found += [
                item
                for item in node.body
                if isinstance(item, ast.FunctionDef) and _raises_not_implemented(item)
            ]
    return found


def _docstring_node(node: ast.Module | ast.FunctionDef | ast.ClassDef) -> ast.Constant | None:
    if node.body and isinstance(node.body[0], ast.Expr):
        value = node.body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value
    return None


def bilingual_source(source: str, t: Translate, filename: str = "<source>") -> str:
    """`source` with a Spanish part appended to each docstring a student reads.

    Args:
        source: a stub module's text (after `stub_source`).
        t: translates one message (the ``stubs`` catalog; a recorder to collect them).
        filename: for error messages.
    Raises:
        DocstringError: a docstring whose closing quotes share a line with other code.
    """
    lines = source.splitlines()
    edits: list[tuple[int, list[str]]] = []
    for node in student_written(ast.parse(source, filename=filename)):
        constant = _docstring_node(node)
        if constant is None or constant.end_lineno is None:
            continue
        first, last = constant.lineno, constant.end_lineno
        indent = re.match(r"\s*", lines[first - 1]).group()  # type: ignore[union-attr]
        closing = lines[last - 1].rstrip()
        if not closing.endswith(('"""', "'''")):
            raise DocstringError(f"{filename}:{last}: the docstring's quotes must end the line")
        quotes = closing[-3:]
        docstring = ast.get_docstring(node) or ""  # cleaned: the common indent removed
        spanish = translated_lines(docstring, t, WIDTH - len(indent))
        body = [f"{indent}{line}" if line else "" for line in spanish]
        head = closing[:-3]
        kept = [head] if head.strip() else []
        edits.append((last, [*kept, "", *body, f"{indent}{quotes}"]))
    for last, replacement in sorted(edits, reverse=True):
        lines[last - 1 : last] = replacement
    return "\n".join(lines) + "\n"


def stubs_translator(language: str = LANGUAGE, locale_dir: Path = LOCALE_DIR) -> Translate:
    """The ``stubs`` catalog of a language as a ``_`` (English when it has none yet)."""
    path = locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == "en" or not path.exists():
        return str
    lookup = compile_po(path).gettext
    return lambda message: lookup(message) if message else message


def stub_text(relative: Path, source: Path, t: Translate) -> str:
    """The text of one file under exercises/ (`relative` there), from its reference `source`."""
    if relative.name == "__init__.py":
        text = PACKAGE_DOCS.get(relative.parent.as_posix().strip("."), "")
        return bilingual_source(text, t, str(source)) if text else ""
    stub = stub_source(source.read_text(encoding="utf-8"), filename=str(source))
    return HEADER + bilingual_source(stub, t, str(source))


def references(solutions: Path = SOLUTIONS) -> list[tuple[Path, Path]]:
    """(path under exercises/, reference file) for every module of solutions/."""
    return [
        (source.relative_to(solutions), source)
        for source in sorted(solutions.rglob("*.py"))
        if "__pycache__" not in source.relative_to(solutions).parts
    ]


def expected_stubs(solutions: Path = SOLUTIONS, t: Translate | None = None) -> dict[Path, str]:
    """Map each path under exercises/ (relative) to the text the generator writes there.

    Args:
        t: translates the docstrings' messages; by default the Spanish ``stubs`` catalog.
    """
    t = stubs_translator() if t is None else t
    return {relative: stub_text(relative, source, t) for relative, source in references(solutions)}


def messages(solutions: Path = SOLUTIONS) -> dict[str, list[str]]:
    """Every message the stubs' docstrings translate, in order of first use, with the stub
    files (``exercises/week17/ex7_2_dense.py``) that use it: the generator run with a
    recording translator."""
    found: dict[str, list[str]] = {}
    for relative, source in references(solutions):
        where = f"exercises/{relative.as_posix()}"

        def record(message: str, where: str = where) -> str:
            if message and where not in found.setdefault(message, []):
                found[message].append(where)
            return message

        stub_text(relative, source, record)
    return found
