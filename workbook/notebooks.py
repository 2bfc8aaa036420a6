"""Build the week notebooks (``notebooks/week17.ipynb`` ...) from `workbook.content`.

Per week: a title and intro, a setup cell (autoreload, ``check``, ``plots`` and the week's
stub modules), then for each exercise a markdown cell (steps, shapes, the functions to write
with their docstrings' first lines read from ``solutions/``, in Spanish through the
``stubs`` catalog, the stub to open, a timebox and folded hints), a check cell
``check("7.1")`` and its picture cells; written-answer cells where the content puts them;
and a closing cell that points to ``grade``.

The output is deterministic: no outputs, no execution counts, no timestamps, cell ids from
the week and the cell's position (``w17-c03``). ``scripts/generate_exercises.py`` writes the
notebooks and its ``--check`` compares them with these.

Each edition is built by the same code: English in ``notebooks/``, Spanish in
``notebooks/es/``, with every piece of prose passed through the language's gettext catalog
(`grader.i18n`; the ``notebooks`` domain). Code cells stay the same, except that a
translated edition's setup cell sets the grader's language, and links to the stubs go one
folder further up. `messages` runs the builder with a recording translator, so
``scripts/update_catalogs.py`` collects exactly the prose the builder translates.

Written answers are markdown cells tagged ``{"workbook": {"answer": "<id>"}}`` whose text
starts as :data:`ANSWER_PLACEHOLDER`; `workbook.answers.answer_cells` reports which are filled in.
"""

from __future__ import annotations

import ast
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import nbformat

from grader.checks.spec import Spec
from grader.i18n import SOURCE_LANGUAGE, translator
from workbook.answers import ANSWER_PLACEHOLDER, METADATA_KEY
from workbook.content import HOW_TO_WORK, WEEK_LAYOUTS, Answer, Note, Week
from workbook.generated import stale_outputs
from workbook.paths import NOTEBOOKS, SOLUTIONS
from workbook.regions import find_regions
from workbook.stub_files import stubs_translator

# The languages of the notebooks: English in notebooks/, each translation in notebooks/<code>/.
EDITIONS = (SOURCE_LANGUAGE, "es")
Translate = Callable[[str], str]
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


@dataclass(frozen=True)
class Signature:
    """A function the student writes: its ``def`` line and its docstring's summary.

    Attributes:
        owner: the enclosing class with its bases, e.g. ``LeNet(nn.Module)`` ("" for a
            module-level function).
        header: e.g. ``def sigmoid(z: npt.ArrayLike) -> FloatArray:``.
        summary: the docstring's first paragraph, on one line.
    """

    owner: str
    header: str
    summary: str


def _summary(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    docstring = ast.get_docstring(node) or ""
    first_paragraph = docstring.split("\n\n")[0]
    return " ".join(first_paragraph.split())


def _header(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> str:
    """The ``def`` line(s) as written in the file (black's wrapping kept), dedented."""
    first, last = node.lineno, node.body[0].lineno - 1
    header = textwrap.dedent("\n".join(lines[first - 1 : last]))
    return header.rstrip()


def signatures(module: str, solutions: Path = SOLUTIONS) -> list[Signature]:
    """The functions of a reference module that hold solution regions, in file order.

    Args:
        module: dotted module under ``solutions/``, e.g. ``week18.neural_network``.
        solutions: the reference tree.
    """
    source = (solutions / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    wanted = list(dict.fromkeys(region.function for region in find_regions(source, module)))
    lines = source.splitlines()
    found: dict[str, Signature] = {}

    def visit(node: ast.AST, prefix: str, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                bases = ", ".join(ast.unparse(base) for base in child.bases)
                visit(child, f"{prefix}{child.name}.", child.name + (f"({bases})" if bases else ""))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                if name in wanted:
                    found[name] = Signature(owner, _header(child, lines), _summary(child))

    visit(ast.parse(source), "", "")
    return [found[name] for name in wanted if name in found]


def signature_block(items: list[Signature]) -> str:
    """A Python code block of headers and one-line docstrings, grouped by class."""
    lines: list[str] = []
    owner: str | None = None
    for item in items:
        if lines:
            lines.append("")
        if item.owner and item.owner != owner:
            lines.append(f"class {item.owner}:")
        owner = item.owner
        indent = "    " if item.owner else ""
        lines.extend(f"{indent}{line}" for line in item.header.splitlines())
        lines.append(f'{indent}    """{item.summary}"""')
    return "```python\n" + "\n".join(lines) + "\n```"


def exercise_markdown(
    exercise: Spec,
    solutions: Path = SOLUTIONS,
    t: Translate = str,
    root: str = "..",
    summaries: Translate = str,
) -> str:
    """The exercise's markdown cell.

    Args:
        t: translates one message (``str`` for English).
        root: the repository root as seen from the notebook's folder, for the stub's link.
        summaries: translates a docstring's summary: the stubs' catalog, the one their
            docstrings' Spanish part comes from (`workbook.stub_files`).
    """
    written = [
        replace(item, summary=summaries(item.summary))
        for item in signatures(exercise.module, solutions)
    ]
    parts = [
        t("## Exercise {id}: {title}").format(id=exercise.id, title=t(exercise.title)),
        t(
            "*Suggested timebox: {timebox}.* Your file: [`{path}`]({root}/{path}). Open it in "
            "JupyterLab's editor (in the file browser on the left, or click the link), write "
            "your code, and save."
        ).format(timebox=t(exercise.timebox), path=exercise.stub_path, root=root),
        t(exercise.goal),
        t("**Steps**")
        + "\n\n"
        + t("1. **Basic.** {text}").format(text=t(exercise.basic))
        + "\n"
        + t("2. **Intermediate.** {text}").format(text=t(exercise.intermediate))
        + "\n"
        + t("3. **Advanced.** {text}").format(text=t(exercise.advanced)),
        t("**Shapes**") + "\n\n" + "\n".join(f"- {t(shape)}" for shape in exercise.shapes),
        t("**What you write** (the full docstrings, with every argument, are in the file):")
        + "\n\n"
        + signature_block(written),
    ]
    if exercise.note:
        parts.append(t(exercise.note))
    hints = [
        "<details><summary>"
        + t("Hint: {summary}").format(summary=t(mistake.summary))
        + f"</summary>\n\n{t(mistake.detail)}\n\n</details>"
        for mistake in exercise.mistakes
    ]
    parts.append(t("**Common mistakes** (click one to open it)") + "\n\n" + "\n\n".join(hints))
    parts.append(
        t("When you have saved the file, run the check below: `{call}`.").format(
            call=f'check("{exercise.id}")'
        )
    )
    return "\n\n".join(parts)


def setup_source(week: Week, language: str = SOURCE_LANGUAGE) -> str:
    """The setup cell: autoreload, inline figures, ``check`` and ``plots``, then the stubs.

    ``check`` is imported first and the stubs last, one at a time, by
    `workbook.stubs.load`: a stub with a syntax error is reported with its file and line,
    and the cell goes on, so every later cell still runs (a broken stub's stand-in makes its
    pictures fall back to the reference). The stubs are imported as the plain ``exercises``
    package, so a kernel whose working directory holds another ``exercises/`` (a student's
    copy, a test's reference copy) imports that one, and ``check`` grades the same code.
    (The imports are in isort order and all used, so ``ruff check`` passes on the notebooks.)
    A translated edition also sets the grader's language, so ``check`` speaks it too.
    """
    aliases = [exercise.alias for exercise in week.exercises]
    names = ", ".join(aliases) + ("," if len(aliases) == 1 else "")
    target = f"({names})" if len(aliases) == 1 else names
    language_lines = [] if language == SOURCE_LANGUAGE else ["from grader.i18n import set_language"]
    language_call = [] if language == SOURCE_LANGUAGE else [f'set_language("{language}")']
    lines = [
        "%load_ext autoreload",
        "%autoreload 2",
        "%matplotlib inline",
        "",
        *language_lines,
        "from grader.notebook import check",
        "from workbook import plots",
        "from workbook.stubs import load",
        "",
        *language_call,
        f"{target} = load(",
        *(f'    "{exercise.module}",' for exercise in week.exercises),
        ")",
    ]
    return "\n".join(lines)


Cell = dict[str, Any]


def _meta(**tags: str) -> dict[str, Any]:
    return {METADATA_KEY: dict(tags)}


def _lines(text: str) -> list[str]:
    # Source as a list of lines, the way Jupyter itself saves it (diffs stay readable).
    return text.splitlines(keepends=True)


def markdown_cell(text: str, metadata: dict[str, Any] | None = None) -> Cell:
    return {"cell_type": "markdown", "metadata": metadata or {}, "source": _lines(text)}


def code_cell(source: str, metadata: dict[str, Any] | None = None) -> Cell:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": metadata or {},
        "outputs": [],
        "source": _lines(source),
    }


def build_notebook(
    week: Week,
    solutions: Path = SOLUTIONS,
    language: str = SOURCE_LANGUAGE,
    t: Translate | None = None,
) -> dict[str, Any]:
    """The notebook of one week as an nbformat 4.5 document, without outputs.

    Args:
        language: ``"en"`` for ``notebooks/``, or a translated edition (``notebooks/es/``).
        t: translates one message; by default the language's catalogs (tests pass a
            recorder to collect every message).
    """
    t = translator(language) if t is None else t
    summaries = stubs_translator(language)
    root = ".." if language == SOURCE_LANGUAGE else "../.."
    cells: list[Cell] = [
        markdown_cell(f"# {t(week.title)}\n\n{t(week.intro)}"),
        markdown_cell(_how_to_work(week, t)),
        code_cell(setup_source(week, language), _meta(setup=week.week)),
    ]
    for block in week.blocks:
        if isinstance(block, Spec):
            cells.append(markdown_cell(exercise_markdown(block, solutions, t, root, summaries)))
            cells.append(code_cell(f'check("{block.id}")', _meta(check=block.id)))
            for picture in block.pictures:
                cells.append(markdown_cell(t(picture.caption)))
                cells.append(code_cell(picture.code, _meta(picture=block.id)))
        elif isinstance(block, Answer):
            heading = t("### Your answer: {title}").format(title=t(block.title))
            cells.append(markdown_cell(f"{heading}\n\n{t(block.prompt)}"))
            cells.append(markdown_cell(t(ANSWER_PLACEHOLDER), _meta(answer=block.id)))
        elif isinstance(block, Note):
            cells.append(markdown_cell(t(block.text)))
    cells.append(markdown_cell(t("## When you are done") + f"\n\n{t(week.closing)}"))
    number = week.week.removeprefix("week")
    for index, cell in enumerate(cells):
        cell["id"] = f"w{number}-c{index:02d}"
    return {
        "cells": cells,
        "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _how_to_work(week: Week, t: Translate = str) -> str:
    files = ", ".join(f"`{exercise.stub_path}`" for exercise in week.exercises)
    return t(HOW_TO_WORK) + "\n" + t("This week's files: {files}.").format(files=files)


def render(week: Week, solutions: Path = SOLUTIONS, language: str = SOURCE_LANGUAGE) -> str:
    """The notebook's file text: JSON as Jupyter writes it (sorted keys, indent 1)."""
    notebook = build_notebook(week, solutions, language)
    nbformat.validate(notebook, version=4, version_minor=5)
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def notebook_path(week: Week, language: str = SOURCE_LANGUAGE) -> Path:
    """Where a week's notebook goes under ``notebooks/``: ``week17.ipynb``, ``es/week17.ipynb``."""
    name = Path(f"{week.week}.ipynb")
    return name if language == SOURCE_LANGUAGE else Path(language) / name


def expected_notebooks(solutions: Path = SOLUTIONS) -> dict[Path, str]:
    """Map each notebook's path under ``notebooks/`` (``week17.ipynb``, ``es/week17.ipynb``)
    to the text the generator writes: the English edition, then each translated one."""
    return {
        notebook_path(week, language): render(week, solutions, language)
        for language in EDITIONS
        for week in WEEK_LAYOUTS
    }


def messages(solutions: Path = SOLUTIONS) -> dict[str, list[str]]:
    """Every message the notebooks translate, in order of first use, with the notebooks
    (``notebooks/week17.ipynb``) that use it: the builder run with a recording translator."""
    found: dict[str, list[str]] = {}
    for week in WEEK_LAYOUTS:
        where = f"notebooks/{notebook_path(week).as_posix()}"

        def record(message: str, where: str = where) -> str:
            if message and where not in found.setdefault(message, []):
                found[message].append(where)
            return message

        build_notebook(week, solutions, t=record)
    return found


def same_notebook(committed: str, expected: str) -> bool:
    """Whether two notebook texts hold the same JSON (formatting and key order aside)."""
    try:
        return bool(json.loads(committed) == json.loads(expected))
    except ValueError:
        return False


def stale_notebooks(expected: dict[Path, str], folder: Path = NOTEBOOKS) -> list[str]:
    """Describe every notebook that is missing or holds other JSON than would be written."""
    return stale_outputs(expected, folder, "notebooks", same=same_notebook)
