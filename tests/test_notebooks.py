"""The week notebooks: generated, clean, and they run top to bottom in a real Jupyter kernel.

Each notebook is executed by nbclient with the venv's own ``python3`` kernel (ipykernel's
native kernel spec, which runs the interpreter that runs these tests) twice: in a folder whose
``exercises/`` holds the reference solutions, and in one whose ``exercises/`` holds the
generated stubs, and week 17 once more with two of its stubs broken (a syntax error, an
error at import). The kernel's working directory is that folder and comes first on its
``sys.path``, so the setup cell's import of the plain ``exercises`` package and ``check()``
both see that copy. The nine runs share a few kernels at a time to keep the wall time down.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.notebooknode import NotebookNode

from grader.checks import checks_for
from grader.registry import BY_ID, EXERCISES
from workbook.answers import ANSWER_PLACEHOLDER, answer_cells
from workbook.content import ANSWERS, BY_WEEK, WEEK_LAYOUTS
from workbook.generated import write_outputs
from workbook.notebooks import expected_notebooks, stale_notebooks
from workbook.paths import NOTEBOOKS, SOLUTIONS
from workbook.regions import strip_markers, stub_source

MODES = ("reference", "stubs")
WEEK_NAMES = [week.week for week in WEEK_LAYOUTS]
# Kernels running at once: enough to overlap start-up and the checks' child processes.
CONCURRENCY = 3
# Appended to every executed copy: which Python ran the kernel, and where did it import
# `exercises` from?
WHERE = "import sys, exercises\nprint(sys.executable)\nprint(exercises.__file__)"


def write_tree(root: Path, mode: str) -> Path:
    """``root/exercises/``: the reference with markers stripped, or the generated stubs."""
    for source in sorted(SOLUTIONS.rglob("*.py")):
        relative = source.relative_to(SOLUTIONS)
        if "__pycache__" in relative.parts:
            continue
        text = source.read_text(encoding="utf-8")
        if relative.name != "__init__.py":
            text = strip_markers(text) if mode == "reference" else stub_source(text)
        target = root / "exercises" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


# The "broken" week 17 tree: a syntax error in one stub, an error at import in another.
SYNTAX_ERROR = ("week17/ex7_2_dense.py", 3)
IMPORT_ERROR = ("week17/ex7_3_softmax.py", 2)


def break_stubs(root: Path) -> Path:
    """Break two of week 17's stubs the way a student might, mid-edit."""
    syntax = root / "exercises" / SYNTAX_ERROR[0]
    syntax.write_text("import numpy as np\n\ndef dense_forward(X, W, b:\n    return X @ W\n")
    raising = root / "exercises" / IMPORT_ERROR[0]
    raising.write_text("import numpy as np\nraise RuntimeError('half-finished edit')\n")
    return root


def cell_text(cell: NotebookNode) -> str:
    """Everything a code cell printed or displayed as text."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type in ("execute_result", "display_data"):
            parts.append(str(output.data.get("text/plain", "")))
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
    return "\n".join(parts)


def tagged(notebook: NotebookNode, tag: str) -> list[NotebookNode]:
    return [cell for cell in notebook.cells if tag in cell.metadata.get("workbook", {})]


async def execute(notebook: NotebookNode, cwd: Path, gate: asyncio.Semaphore) -> None:
    async with gate:
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(cwd)}},
        )
        await client.async_execute(env={**os.environ, "MPLBACKEND": "Agg"})


async def execute_all(jobs: dict[tuple[str, str], tuple[NotebookNode, Path]]) -> list[Any]:
    gate = asyncio.Semaphore(CONCURRENCY)
    tasks = [execute(notebook, cwd, gate) for notebook, cwd in jobs.values()]
    return await asyncio.gather(*tasks, return_exceptions=True)


@pytest.fixture(scope="session")
def executed(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[NotebookNode, Path, BaseException | None]]:
    """(week, mode) -> (the executed notebook, the kernel's folder, the error if it failed)."""
    trees = {mode: write_tree(tmp_path_factory.mktemp(mode), mode) for mode in MODES}
    trees["broken"] = break_stubs(write_tree(tmp_path_factory.mktemp("broken"), "stubs"))
    jobs: dict[tuple[str, str], tuple[NotebookNode, Path]] = {}
    for week, mode in [*((w, m) for w in WEEK_NAMES for m in MODES), ("week17", "broken")]:
        notebook = nbformat.read(NOTEBOOKS / f"{week}.ipynb", as_version=4)
        notebook.cells.append(nbformat.v4.new_code_cell(WHERE))
        jobs[week, mode] = (notebook, trees[mode])
    errors = asyncio.run(execute_all(jobs))
    return {
        key: (notebook, cwd, error if isinstance(error, BaseException) else None)
        for (key, (notebook, cwd)), error in zip(jobs.items(), errors, strict=True)
    }


def run_of(executed: dict[Any, Any], week: str, mode: str) -> NotebookNode:
    notebook, cwd, error = executed[week, mode]
    if error is not None:
        pytest.fail(f"{week} with the {mode} raised while running:\n{error}")
    executable, imported = cell_text(notebook.cells[-1]).splitlines()[:2]
    assert executable == sys.executable, "the kernel is not this venv's Python"
    assert imported.startswith(str(cwd.resolve() / "exercises")), f"the kernel imported {imported}"
    return notebook


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_notebook_passes_every_check_with_the_reference(
    executed: dict[Any, Any], week: str
) -> None:
    """With the reference in the kernel's folder, does every check cell show ✓ and no ✗?"""
    notebook = run_of(executed, week, "reference")
    checks = tagged(notebook, "check")
    assert checks, "no check cells"
    for cell in checks:
        exercise = cell.metadata["workbook"]["check"]
        assert any(c.public for c in checks_for(exercise)), (
            f"{exercise} has no visible checks for its notebook cell: mark some of its "
            "checks in grader/checks/ with public=True"
        )
        text = cell_text(cell)
        assert "✓" in text and "✗" not in text, f"{cell.source}:\n{text}"


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_notebook_with_the_stubs_says_not_implemented_and_still_draws(
    executed: dict[Any, Any], week: str
) -> None:
    """With untouched stubs, does every check say "not implemented yet" and every picture
    still appear (drawn with the reference)?"""
    notebook = run_of(executed, week, "stubs")
    for cell in tagged(notebook, "check"):
        text = cell_text(cell)
        assert "not implemented yet" in text and "✓" not in text, f"{cell.source}:\n{text}"
    for cell in tagged(notebook, "picture"):
        kinds = {key for output in cell.outputs for key in output.get("data", {})}
        assert "image/png" in kinds, f"{cell.source} showed no picture: {cell_text(cell)}"


def test_notebook_survives_broken_stubs(executed: dict[Any, Any]) -> None:
    """With a syntax error in one stub and an error at import in another, does the setup
    cell name each file and line and carry on, does every later cell run (no NameError),
    do those two check cells report the errors, and do the pictures still appear?"""
    notebook = run_of(executed, "week17", "broken")
    (setup,) = tagged(notebook, "setup")
    text = cell_text(setup)
    assert f"✗ exercises/{SYNTAX_ERROR[0]}, line {SYNTAX_ERROR[1]}: SyntaxError" in text, text
    assert f"✗ exercises/{IMPORT_ERROR[0]}, line {IMPORT_ERROR[1]}: RuntimeError" in text, text
    assert "your code:" in text and "ex7_1_activations.py" in text
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not [o for o in cell.outputs if o.output_type == "error"], cell_text(cell)
    checks = {
        cell.metadata["workbook"]["check"]: cell_text(cell) for cell in tagged(notebook, "check")
    }
    assert "SyntaxError" in checks["7.2"] and "ex7_2_dense.py:3" in checks["7.2"], checks["7.2"]
    assert "half-finished edit" in checks["7.3"], checks["7.3"]
    assert "not implemented yet" in checks["7.1"]
    for cell in tagged(notebook, "picture"):
        kinds = {key for output in cell.outputs for key in output.get("data", {})}
        assert "image/png" in kinds, f"{cell.source} showed no picture: {cell_text(cell)}"


def test_generator_finds_the_committed_notebooks_up_to_date() -> None:
    """Would `generate_exercises.py --check` find nothing to say about notebooks/?"""
    assert stale_notebooks(expected_notebooks()) == []


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_committed_notebook_is_clean_and_deterministic(week: str) -> None:
    """No outputs, no execution counts, stable ids, a python3 kernel, and byte-for-byte what
    the generator writes (twice in a row)?"""
    path = NOTEBOOKS / f"{week}.ipynb"
    text = path.read_text(encoding="utf-8")
    assert text == expected_notebooks()[Path(path.name)] == expected_notebooks()[Path(path.name)]
    notebook = nbformat.reads(text, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    number = week.removeprefix("week")
    for index, cell in enumerate(notebook.cells):
        assert cell.id == f"w{number}-c{index:02d}"
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("week", WEEK_NAMES)
def test_notebook_covers_its_exercises_in_grader_order(week: str) -> None:
    """One check cell per exercise of the week, in the grader's order, with the grader's
    title and module, and a setup cell importing the stubs as the plain `exercises` package?"""
    notebook = nbformat.read(NOTEBOOKS / f"{week}.ipynb", as_version=4)
    checks = [cell.metadata["workbook"]["check"] for cell in tagged(notebook, "check")]
    assert checks == [exercise.id for exercise in EXERCISES if exercise.week == week]
    for exercise in BY_WEEK[week].exercises:
        grader_side = BY_ID[exercise.id]
        assert (exercise.title, exercise.module) == (grader_side.title, grader_side.module)
        index = notebook.cells.index(tagged(notebook, "check")[checks.index(exercise.id)])
        text = notebook.cells[index - 1].source  # the exercise's own markdown cell
        assert f"`exercises/{grader_side.path}`" in text and "```python" in text
        assert text.count("<details><summary>Hint: ") == len(exercise.mistakes) > 0
    (setup,) = tagged(notebook, "setup")
    assert "%autoreload 2" in setup.source
    imports = [line for line in setup.source.splitlines() if line.startswith(("from", "import"))]
    assert imports[0] == "from grader.notebook import check", "check must come first"
    loaded = setup.source[setup.source.index("= load(") :]
    for exercise in BY_WEEK[week].exercises:
        assert f'"{exercise.module}"' in loaded, f"{exercise.module} is not imported"


def test_seed_adam_correction_is_explained() -> None:
    """Does 7.6's text say the seed's 50-step Adam check is false and the workbook uses 200?"""
    text = json.dumps(nbformat.read(NOTEBOOKS / "week18.ipynb", as_version=4))
    for needle in ("2.966", "200 steps", "tests/SEED_ASSERTS.md"):
        assert needle in text


def test_answer_cells_are_found_and_judged(tmp_path: Path) -> None:
    """Does answer_cells list every written answer of a week, and count a cell as filled only
    when its text is neither empty nor the placeholder?"""
    assert [a[0] for a in answer_cells(NOTEBOOKS / "week18.ipynb")] == [
        "computation-graph",
        "backprop-derivation",
        "feynman-backprop",
    ]
    found = {week: answer_cells(NOTEBOOKS / f"{week}.ipynb") for week in WEEK_NAMES}
    assert (
        {a for answers in found.values() for a, _, _ in answers}
        == set(ANSWERS)
        == {
            "feynman-relu-vs-sigmoid",
            "xor-not-linearly-separable",
            "feynman-backprop",
            "backprop-derivation",
            "computation-graph",
            "feynman-convolution",
            "feynman-pooling",
        }
    )
    assert all(not filled for answers in found.values() for _, _, filled in answers)

    notebook = nbformat.read(NOTEBOOKS / "week19.ipynb", as_version=4)
    answers = [cell for cell in notebook.cells if "answer" in cell.metadata.get("workbook", {})]
    answers[0].source = "A filter slides over the image..."
    answers[1].source = f"  {ANSWER_PLACEHOLDER}\n"
    copy = tmp_path / "week19.ipynb"
    nbformat.write(notebook, copy)
    assert answer_cells(copy) == [
        ("feynman-convolution", ANSWERS["feynman-convolution"].title, True),
        ("feynman-pooling", ANSWERS["feynman-pooling"].title, False),
    ]


def test_stale_check_flags_changes_but_not_reformatting(tmp_path: Path) -> None:
    """Does the notebooks' --check flag an edited or missing notebook, and let a notebook that
    was only re-indented pass?"""
    expected = expected_notebooks()
    write_outputs(expected, tmp_path)
    assert stale_notebooks(expected, tmp_path) == []
    document = json.loads(expected[Path("week17.ipynb")])
    (tmp_path / "week17.ipynb").write_text(json.dumps(document, indent=4), encoding="utf-8")
    assert stale_notebooks(expected, tmp_path) == []
    document["cells"][0]["source"] = ["# An edited title\n"]
    (tmp_path / "week17.ipynb").write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "week18.ipynb").unlink()
    assert stale_notebooks(expected, tmp_path) == [
        "differs: notebooks/week17.ipynb",
        "missing: notebooks/week18.ipynb",
    ]
