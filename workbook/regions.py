"""Solution regions: the one mechanism that turns a reference solution into a student stub.

A reference module marks the code a student must write like this::

    def dense_forward(X, W, b):
        \"\"\"...\"\"\"
        # BEGIN SOLUTION: one matrix product plus a bias that broadcasts over rows.
        return X @ W + b
        # END SOLUTION

`stub_source` replaces every region with a TODO line carrying the hint and a
`raise NotImplementedError("<function>")`, so the stub imports cleanly and fails
loudly (and recognisably, for the grader) when called.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION(?::\s*(?P<hint>.*?))?\s*$")
END = re.compile(r"^\s*# END SOLUTION\s*$")


class RegionError(ValueError):
    """A solution region is malformed (unclosed, nested, or outside a function)."""


@dataclass(frozen=True)
class Region:
    """One `# BEGIN SOLUTION` ... `# END SOLUTION` block, as 1-based inclusive line numbers."""

    begin: int
    end: int
    indent: str
    hint: str
    function: str


def _function_spans(tree: ast.AST) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every function, outermost first."""
    spans: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}{child.name}"
                spans.append((child.lineno, child.end_lineno or child.lineno, name))
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return spans


def _enclosing_function(spans: list[tuple[int, int, str]], line: int) -> str | None:
    inside = [(first, name) for first, last, name in spans if first < line <= last]
    return max(inside)[1] if inside else None


def find_regions(source: str, filename: str = "<source>") -> list[Region]:
    """Locate every solution region and the function that owns it.

    Raises:
        RegionError: a region is unclosed, nested, empty or not inside a function.
    """
    spans = _function_spans(ast.parse(source, filename=filename))
    regions: list[Region] = []
    open_at: tuple[int, str, str] | None = None
    for number, line in enumerate(source.splitlines(), start=1):
        begin = BEGIN.match(line)
        if begin:
            if open_at is not None:
                raise RegionError(f"{filename}:{number}: nested BEGIN SOLUTION")
            open_at = (number, begin.group("indent"), (begin.group("hint") or "").strip())
        elif END.match(line):
            if open_at is None:
                raise RegionError(f"{filename}:{number}: END SOLUTION without BEGIN")
            start, indent, hint = open_at
            function = _enclosing_function(spans, start)
            if function is None:
                raise RegionError(f"{filename}:{start}: solution region outside a function")
            if number == start + 1:
                raise RegionError(f"{filename}:{start}: empty solution region")
            regions.append(Region(start, number, indent, hint, function))
            open_at = None
    if open_at is not None:
        raise RegionError(f"{filename}:{open_at[0]}: BEGIN SOLUTION is never closed")
    return regions


def stub_lines(region: Region) -> list[str]:
    """The lines that replace `region` in the student's copy."""
    hint = region.hint or "write this part yourself."
    return [
        f"{region.indent}# TODO(student): {hint}",
        f'{region.indent}raise NotImplementedError("{region.function}")',
    ]


def stub_source(source: str, filename: str = "<source>") -> str:
    """Return `source` with every solution region replaced by its stub."""
    lines = source.splitlines()
    out: list[str] = []
    cursor = 1
    for region in find_regions(source, filename):
        out.extend(lines[cursor - 1 : region.begin - 1])
        out.extend(stub_lines(region))
        cursor = region.end + 1
    out.extend(lines[cursor - 1 :])
    return "\n".join(out) + "\n"


def strip_markers(source: str) -> str:
    """Return `source` with the region marker lines removed and the solution kept."""
    kept = [line for line in source.splitlines() if not (BEGIN.match(line) or END.match(line))]
    return "\n".join(kept) + "\n"
