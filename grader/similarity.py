"""Near-identical code between students, per exercise, with copydetect (winnowing, as MOSS).

For each exercise, each student's module is reduced to what they wrote themselves: the
code is parsed and written back without comments and docstrings (`ast.unparse`), then the
lines that also appear, up to the names in them, in the stub (imports, signatures, given
helpers) or in the reference solution (a short function has one natural correct form)
are dropped. copydetect
then tokenises what is left with Pygments, replaces every identifier by one letter (so a
renamed copy looks the same), fingerprints it with k-grams and winnowing, and compares
fingerprints; the stub's and the reference's fingerprints are ignored as boilerplate. A
pair is flagged when at least `THRESHOLD` of each side's code is in the other's and the
shared code is at least `MIN_SHARED` tokens long. Each pair comes with its matching code
marked up, a few lines of context around it.

Two students whose code is the reference solution are not flagged: nothing is left of it.
Notebook submissions are compared through their tagged or untagged code cells as `grade`
builds the modules; a submission whose module cannot be found is left out.
"""

from __future__ import annotations

import ast
import hashlib
import io
import itertools
import json
import keyword
import tokenize
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks.spec import Spec
from grader.registry import BY_ID
from workbook.paths import EXERCISES as STUBS
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers

K = 20  # characters per k-gram of normalised code
WINDOW = 4  # winnowing window
THRESHOLD = 0.8
MIN_SHARED = 60
CONTEXT_LINES = 2
MAX_PAIRS = 100


@dataclass(frozen=True)
class Pair:
    """Two students whose code for one exercise is near-identical.

    Attributes:
        similarity: the smaller of the two shares of code found in the other's.
        shared: normalised tokens in common.
        first_html, second_html: each side's own code, HTML-escaped, the shared parts
            in <mark>, lines far from them cut to "...".
    """

    exercise: str
    first: str
    second: str
    similarity: float
    shared: int
    first_html: str
    second_html: str


def clean(source: str) -> str:
    """The code alone: parsed and written back without comments, docstrings and layout.

    Lines can then be dropped without leaving half a docstring behind; code that does not
    parse is kept as it is.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return source
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, DOCUMENTED) and isinstance(body, list) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


DOCUMENTED = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def line_keys(code: str) -> list[str]:
    """Each line of (cleaned) code with every identifier replaced by `V`: a renamed line
    has the key of the line it renames."""
    lines = code.splitlines()
    keys = [" ".join(line.split()) for line in lines]
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return keys
    parts: dict[int, list[str]] = {}
    for token in tokens:
        if token.type in (tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        name = token.type == tokenize.NAME and not keyword.iskeyword(token.string)
        parts.setdefault(token.start[0], []).append("V" if name else token.string)
    return [" ".join(parts.get(number, [])) or keys[number - 1]
            for number in range(1, len(lines) + 1)]  # fmt: skip


def own_code(source: str, boilerplate: set[str]) -> str:
    """The lines of `source` (cleaned) that are not, up to names, the stub's or the reference's."""
    code = clean(source)
    lines = code.splitlines()
    kept = [line for line, key in zip(lines, line_keys(code), strict=True)
            if line.strip() and key not in boilerplate]  # fmt: skip
    return "\n".join(kept) + "\n"


def module_source(files: dict[str, bytes], exercise: Spec) -> str | None:
    """The student's module for `exercise`: a tree, a flat upload, or a notebook's cells."""
    for relative, data in files.items():
        if relative == exercise.path or relative.endswith("/" + exercise.path):
            return data.decode("utf-8", errors="replace")
    for relative, data in files.items():
        if relative.rsplit("/", 1)[-1] == exercise.filename:
            return data.decode("utf-8", errors="replace")
    notebooks = [data for relative, data in files.items() if relative.endswith(".ipynb")]
    if len(notebooks) == 1 and not any(name.endswith(".py") for name in files):
        return notebook_module(notebooks[0], exercise)
    return None


def notebook_module(data: bytes, exercise: Spec) -> str | None:
    try:
        cells = json.loads(data)["cells"]
    except (ValueError, KeyError, TypeError):
        return None
    code = [c for c in cells if isinstance(c, dict) and c.get("cell_type") == "code"]
    tags = [(c.get("metadata") or {}).get("workbook", {}) for c in code]
    tagged = [c for c, tag in zip(code, tags, strict=True)
              if isinstance(tag, dict) and tag.get("module") == exercise.module]  # fmt: skip
    chosen = tagged or ([] if any(isinstance(t, dict) and t.get("module") for t in tags) else code)
    text = ["".join(c["source"]) if isinstance(c.get("source"), list) else str(c.get("source"))
            for c in chosen]  # fmt: skip
    return "\n\n".join(text) if text else None


def fingerprint(code: str, boilerplate: Any = None) -> Any:
    """copydetect's fingerprint of Python `code`, minus the `boilerplate` hashes."""
    from copydetect import CodeFingerprint

    return CodeFingerprint("module.py", K, WINDOW, boilerplate, fp=io.StringIO(code))


def reference_lines(exercise: Spec) -> tuple[set[str], str]:
    """The line keys of the stub and the reference (see `line_keys`), and both texts joined."""
    texts = []
    for path in (STUBS / exercise.path, SOLUTIONS / exercise.path):
        try:
            texts.append(clean(strip_markers(path.read_text(encoding="utf-8"))))
        except OSError:
            continue
    keys = {key for text in texts for key in line_keys(text) if key}
    return keys, "\n\n".join(texts)


def find_pairs(exercise_ids: Iterable[str], submissions: dict[str, dict[str, bytes]]) -> list[Pair]:
    """Flagged pairs over every exercise, most similar first (at most `MAX_PAIRS`)."""
    pairs: list[Pair] = []
    for exercise_id in exercise_ids:
        pairs += exercise_pairs(BY_ID[exercise_id], submissions)
    pairs.sort(key=lambda p: (-p.similarity, -p.shared, p.exercise, p.first, p.second))
    return pairs[:MAX_PAIRS]


def exercise_pairs(exercise: Spec, submissions: dict[str, dict[str, bytes]]) -> list[Pair]:
    lines, boiler_text = reference_lines(exercise)
    boilerplate = np.array(sorted(fingerprint(boiler_text).hashes))
    # One fingerprint per distinct text: in a class many modules are the same file.
    by_text: dict[str, Any] = {}
    owners: dict[str, list[str]] = {}
    for name in sorted(submissions):
        source = module_source(submissions[name], exercise)
        if source is None:
            continue
        code = own_code(source, lines)
        if len(code.strip()) < MIN_SHARED:
            continue
        digest = hashlib.sha256(code.encode()).hexdigest()
        if digest not in by_text:
            by_text[digest] = (code, fingerprint(code, boilerplate))
        owners.setdefault(digest, []).append(name)
    compared: dict[tuple[str, str], Pair | None] = {}
    found: list[Pair] = []
    names = sorted((name, digest) for digest, group in owners.items() for name in group)
    for (a, da), (b, db) in itertools.combinations(names, 2):
        if (da, db) not in compared:
            compared[da, db] = compare(exercise.id, by_text[da], by_text[db])
        pair = compared[da, db]
        if pair is not None:
            found.append(Pair(pair.exercise, a, b, pair.similarity, pair.shared,
                              pair.first_html, pair.second_html))  # fmt: skip
    return found


def compare(exercise_id: str, first: tuple[str, Any], second: tuple[str, Any]) -> Pair | None:
    """The pair of two fingerprinted texts when they are near-identical, else None."""
    from copydetect import compare_files
    from copydetect.utils import highlight_overlap

    (code_a, print_a), (code_b, print_b) = first, second
    if not print_a.hashes & print_b.hashes:
        return None
    shared, (sim_a, sim_b), (slices_a, slices_b) = compare_files(print_a, print_b)
    similarity = float(min(sim_a, sim_b))
    if similarity < THRESHOLD or shared < MIN_SHARED:
        return None
    html_a, _ = highlight_overlap(code_a, slices_a, "<mark>", "</mark>", CONTEXT_LINES, True)
    html_b, _ = highlight_overlap(code_b, slices_b, "<mark>", "</mark>", CONTEXT_LINES, True)
    return Pair(exercise_id, "", "", round(similarity, 3), int(shared), html_a, html_b)
