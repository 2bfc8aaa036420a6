"""The Spanish notebooks (notebooks/es/): translated, and they run top to bottom in a real kernel.

Each Spanish notebook is executed by nbclient as tests/test_notebooks.py executes the English
ones, twice: in a folder whose ``exercises/`` holds the reference solutions, and in
``notebooks/es/`` itself, where a student opens it, so that the kernel finds the stubs the way
a student's does (the editable install's ``exercises``, two folders up).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.notebooknode import NotebookNode
from test_notebooks import cell_text, execute_all, tagged, write_tree

from workbook.content import BY_WEEK, WEEK_LAYOUTS
from workbook.paths import EXERCISES, NOTEBOOKS

SPANISH = NOTEBOOKS / "es"
WEEK_NAMES = [week.week for week in WEEK_LAYOUTS]
# Appended to every executed copy: the kernel's Python, where `exercises` came from, the language.
WHERE = (
    "import sys, exercises\nfrom grader.i18n import current_language\n"
    "print(sys.executable)\nprint(exercises.__file__)\nprint(current_language())"
)


@pytest.fixture(scope="session")
def executed_es(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[NotebookNode, Path, BaseException | None]]:
    """(week, "reference" | "stubs") -> (the executed notebook, its exercises/, any error)."""
    reference = write_tree(tmp_path_factory.mktemp("reference-es"), "reference")
    folders = {"reference": (reference, reference / "exercises"), "stubs": (SPANISH, EXERCISES)}
    jobs: dict[tuple[str, str], tuple[NotebookNode, Path]] = {}
    for week in WEEK_NAMES:
        for mode, (cwd, _) in folders.items():
            notebook = nbformat.read(SPANISH / f"{week}.ipynb", as_version=4)
            notebook.cells.append(nbformat.v4.new_code_cell(WHERE))
            jobs[week, mode] = (notebook, cwd)
    errors = asyncio.run(execute_all(jobs))
    return {
        key: (notebook, folders[key[1]][1], error if isinstance(error, BaseException) else None)
        for (key, (notebook, _)), error in zip(jobs.items(), errors, strict=True)
    }


def run_of(executed: dict[Any, Any], week: str, mode: str) -> NotebookNode:
    """The executed notebook, after checking it ran in this venv, on the right code, in Spanish."""
    notebook, exercises, error = executed[week, mode]
    if error is not None:
        pytest.fail(f"es/{week} with the {mode} raised while running:\n{error}")
    executable, imported, language = cell_text(notebook.cells[-1]).splitlines()[:3]
    assert executable == sys.executable, "the kernel is not this venv's Python"
    assert imported.startswith(str(exercises.resolve())), f"the kernel imported {imported}"
    assert language == "es", "the setup cell did not switch the grader to Spanish"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell_text(cell)
    return notebook


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_spanish_notebook_passes_every_check_with_the_reference(
    executed_es: dict[Any, Any], week: str
) -> None:
    """With the reference, does every check cell of the Spanish notebook show ✓ and no ✗?"""
    notebook = run_of(executed_es, week, "reference")
    checks = tagged(notebook, "check")
    assert len(checks) == len(BY_WEEK[week].exercises)
    for cell in checks:
        text = cell_text(cell)
        assert "✓" in text and "✗" not in text, f"{cell.source}:\n{text}"


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_spanish_notebook_runs_from_its_folder_on_the_stubs(
    executed_es: dict[Any, Any], week: str
) -> None:
    """Run where a student opens it (notebooks/es/, the committed stubs): does the setup cell
    load every stub, does every check fail without a ✓, and does every picture appear?"""
    notebook = run_of(executed_es, week, "stubs")
    (setup,) = tagged(notebook, "setup")
    loaded = cell_text(setup)
    assert "✗" not in loaded and loaded.count(".py") >= len(BY_WEEK[week].exercises), loaded
    for cell in tagged(notebook, "check"):
        text = cell_text(cell)
        assert "✗" in text and "✓" not in text, f"{cell.source}:\n{text}"
    for cell in tagged(notebook, "picture"):
        kinds = {key for output in cell.outputs for key in output.get("data", {})}
        assert "image/png" in kinds, f"{cell.source} showed no picture: {cell_text(cell)}"


HEADINGS = {
    "week17": [
        "# Semana 17: el perceptrón",
        "**Cómo funciona este notebook**",
        "## Ejercicio 7.1: Activaciones y derivadas",
        "## Ejercicio perceptron: Regla de aprendizaje del perceptrón",
        "### Tu respuesta: Por qué XOR no es linealmente separable",
        "**Errores frecuentes** (haz clic en uno para abrirlo)",
        "## Cuando termines",
    ],
    "week18": [
        "# Semana 18: retropropagación, optimizadores y la prueba de sobreajuste",
        "### Antes de cualquier `backward()`: el grafo y las formas",
        "## Ejercicio 7.4: Retropropagación en dos capas",
        "1. **Básico.** ",
        "tasa de aprendizaje",
    ],
    "week19": [
        "# Semana 19: convoluciones y pooling en NumPy",
        "### Tu respuesta: Feynman: pooling",
    ],
    "week20": [
        "# Semana 20: entrenar LeNet con PyTorch",
        "### La ejecución completa del entrenamiento",
    ],
}
ENGLISH_HEADINGS = (
    "## Exercise ",
    "### Your answer",
    "**Steps**",
    "## When you are done",
    "Hint: ",
)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_spanish_notebook_is_translated(week: str) -> None:
    """Are the headings and prose in Spanish, with no English heading left?"""
    notebook = nbformat.read(SPANISH / f"{week}.ipynb", as_version=4)
    markdown = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    for heading in HEADINGS[week]:
        assert heading in markdown, f"{heading!r} is not in es/{week}.ipynb"
    for english in ENGLISH_HEADINGS:
        assert english not in markdown, f"{english!r} is still in es/{week}.ipynb"
    hints = markdown.count("<details><summary>Pista: ")
    assert hints == sum(len(exercise.mistakes) for exercise in BY_WEEK[week].exercises)


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_spanish_notebook_has_the_english_cells_and_code(week: str) -> None:
    """Same cells, ids and tags as the English notebook, the same code (the setup cell also
    sets the language), and stub links that resolve from notebooks/es/?"""
    english = json.loads((NOTEBOOKS / f"{week}.ipynb").read_text(encoding="utf-8"))["cells"]
    spanish = json.loads((SPANISH / f"{week}.ipynb").read_text(encoding="utf-8"))["cells"]
    assert [(c["id"], c["cell_type"], c["metadata"]) for c in spanish] == [
        (c["id"], c["cell_type"], c["metadata"]) for c in english
    ]
    for ours, theirs in zip(spanish, english, strict=True):
        if ours["cell_type"] != "code":
            continue
        if "setup" in ours["metadata"].get("workbook", {}):
            added = {"from grader.i18n import set_language\n", 'set_language("es")\n'}
            assert [line for line in ours["source"] if line not in added] == theirs["source"]
            assert added <= set(ours["source"])
        else:
            assert ours["source"] == theirs["source"]
    links = [
        target
        for cell in spanish
        if cell["cell_type"] == "markdown"
        for target in _links("".join(cell["source"]))
    ]
    assert links and all(target.startswith("../../exercises/") for target in links), links
    for target in links:
        assert (SPANISH / target).resolve().is_file(), target


def _links(markdown: str) -> list[str]:
    """The targets of markdown links to files under exercises/."""
    found = []
    for piece in markdown.split("](")[1:]:
        target = piece.split(")")[0]
        if "exercises/" in target:
            found.append(target)
    return found
