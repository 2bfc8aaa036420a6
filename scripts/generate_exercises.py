"""Write the student stubs in exercises/ and the week notebooks from solutions/.

Usage:
    python scripts/generate_exercises.py          # (re)write exercises/ and notebooks/
    python scripts/generate_exercises.py --check  # exit 1 if either is stale

The notebooks (notebooks/week17.ipynb ..., and the Spanish edition notebooks/es/week17.ipynb
...) come from workbook/content.py, the reference modules' signatures and docstrings, and the
gettext catalogs in grader/locale/ (workbook/notebooks.py). `--check` compares them as parsed
JSON, so indentation and key order don't count as differences.

There is one stub set for both editions: each docstring a student reads keeps its English and
ends with a Spanish version headed "En español:", from the `stubs` catalog
(workbook/stub_files.py). After editing the prose or a stub's docstring, run
scripts/update_catalogs.py, translate what it marks, then this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.generated import stale_outputs, write_outputs
from workbook.notebooks import expected_notebooks, stale_notebooks
from workbook.paths import EXERCISES, NOTEBOOKS, SOLUTIONS
from workbook.regions import RegionError
from workbook.stub_files import DocstringError, expected_stubs


def expected_files(solutions: Path = SOLUTIONS) -> dict[Path, str]:
    """Map each path under exercises/ (relative) to the text the generator writes there."""
    return expected_stubs(solutions)


def stale_files(expected: dict[Path, str], exercises: Path = EXERCISES) -> list[str]:
    """Describe every difference between exercises/ and what the generator would write."""
    problems = stale_outputs(expected, exercises, "exercises")
    for extra in sorted(exercises.rglob("*.py")):
        relative = extra.relative_to(exercises)
        if "__pycache__" not in relative.parts and relative not in expected:
            problems.append(f"not from solutions/: exercises/{relative}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if exercises/ or notebooks/ is stale"
    )
    args = parser.parse_args(argv)
    try:
        expected = expected_files()
        notebooks = expected_notebooks()
    except (RegionError, DocstringError, SyntaxError) as error:
        print(f"generate_exercises: {error}", file=sys.stderr)
        return 1
    if args.check:
        problems = stale_files(expected)
        notebook_problems = stale_notebooks(notebooks, NOTEBOOKS)
        for problem in problems + notebook_problems:
            print(problem, file=sys.stderr)
        if problems:
            print("exercises/ is stale: run python scripts/generate_exercises.py", file=sys.stderr)
        if notebook_problems:
            print("notebooks/ is stale: run python scripts/generate_exercises.py", file=sys.stderr)
        if problems or notebook_problems:
            return 1
        print(f"exercises/ is up to date ({len(expected)} files)")
        print(f"notebooks/ is up to date ({len(notebooks)} notebooks)")
        return 0
    write_outputs(expected, EXERCISES)
    write_outputs(notebooks, NOTEBOOKS)
    print(f"wrote {len(expected)} files under exercises/")
    print(f"wrote {len(notebooks)} notebooks under notebooks/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
