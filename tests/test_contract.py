"""The stubs' docstrings are a contract: every promise and every named mistake is tested.

tests/golden/contract/<exercise>.toml maps, for every function a student writes (a stub in
exercises/ whose body raises NotImplementedError):

- each promise of its docstring (an ``Args:`` entry, the ``Returns:`` section, a default of
  its signature) to the checks that exercise it, and to golden variants that break it;
- each clause of its "Common mistake:" paragraph to the checks that catch it, and to the
  golden variants that prove they do, with the right hint.

It also names, per exercise, the main mistake: a variant the visible checks alone (what a
notebook's ``check("7.x")`` runs) must fail with its hint.

A clause is a piece of the paragraph between "; ", ", or ", "; or " and ". Or " (outside
parentheses and code spans); a manifest entry covers a clause when its ``clause`` text is
part of it.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader.checks import checks_for
from grader.grade import grade_exercise
from grader.registry import BY_ID, EXERCISES
from workbook.paths import EXERCISES as STUBS

MANIFESTS = GOLDEN / "contract"
EXPECT = re.compile(r"^# expect: (?P<verdict>pass|fail)(?: (?P<hint>.+))?$", re.MULTILINE)
SEPARATORS = ("; or ", "; and ", "; ", ", or ", ". Or ")


@dataclass
class Stub:
    """A function the student writes, as its docstring and signature describe it."""

    exercise: str
    name: str  # "sigmoid", or "Adam.step" for a method
    args: list[str]
    defaults: list[str]
    returns: bool
    clauses: list[str] = field(default_factory=list)


def clauses(paragraph: str) -> list[str]:
    """Split a mistake paragraph into its clauses (see the module docstring)."""
    text = " ".join(paragraph.split())
    parts: list[str] = []
    current, depth, in_code, i = "", 0, False, 0
    while i < len(text):
        if text.startswith("``", i) or text[i] == "`":
            width = 2 if text.startswith("``", i) else 1
            in_code = not in_code
            current += text[i : i + width]
            i += width
            continue
        if not in_code and text[i] in "([":
            depth += 1
        elif not in_code and text[i] in ")]":
            depth -= 1
        separator = next(
            (s for s in SEPARATORS if not in_code and depth == 0 and text.startswith(s, i)),
            None,
        )
        if separator:
            parts.append(current)
            current, i = "", i + len(separator)
            continue
        current += text[i]
        i += 1
    parts.append(current)
    return [part.strip().rstrip(".") for part in parts if part.strip()]


def documented_args(docstring: str) -> list[str]:
    """The names of the ``Args:`` section (entries such as ``d_in: ...;  hidden: ...`` too)."""
    match = re.search(r"^\s*Args:\n(.*?)(?=^\s*(?:Returns|Raises):|\Z)", docstring, re.M | re.S)
    if not match:
        return []
    names: list[str] = []
    for line in match.group(1).splitlines():
        if re.match(r"^\s{4}\w+:", line):
            names += re.findall(r"(?:^\s{4}|;\s+)(\w+):", line)
    return names


def raises_not_implemented(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node)
        for node in ast.walk(function)
    )


def stubs() -> list[Stub]:
    """Every function a student writes, from the generated stubs in exercises/."""
    found: list[Stub] = []
    for exercise in EXERCISES:
        tree = ast.parse((STUBS / exercise.path).read_text(encoding="utf-8"))
        functions: list[tuple[str, ast.FunctionDef]] = []
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions.append((node.name, node))
            elif isinstance(node, ast.ClassDef):
                functions += [
                    (f"{node.name}.{item.name}", item)
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                ]
        for name, function in functions:
            if not raises_not_implemented(function):
                continue
            docstring = ast.get_docstring(function) or ""
            positional = function.args.args[-len(function.args.defaults) :]
            defaults = [a.arg for a in positional] if function.args.defaults else []
            defaults += [
                a.arg
                for a, d in zip(function.args.kwonlyargs, function.args.kw_defaults, strict=True)
                if d is not None
            ]
            mistake = re.search(r"Common mistakes?:(.*?)(?:\n\s*\n|\Z)", docstring, re.S)
            found.append(
                Stub(
                    exercise.id,
                    name,
                    documented_args(docstring),
                    defaults,
                    bool(re.search(r"^\s*Returns:", docstring, re.M)),
                    clauses(mistake.group(1)) if mistake else [],
                )
            )
    return found


STUBS_FOUND = stubs()
CONTRACTS = {
    path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
    for path in sorted(MANIFESTS.glob("*.toml"))
}
ENTRIES = {
    (entry["exercise"], entry["function"]): entry
    for contract in CONTRACTS.values()
    for entry in contract["function"]
}


def stub_id(stub: Stub) -> str:
    return f"{stub.exercise}:{stub.name}"


def expectation(exercise: str, variant: str) -> tuple[bool, str | None]:
    path = GOLDEN / "variants" / exercise / f"{variant}.py"
    assert path.is_file(), f"{exercise}: the variant {variant}.py does not exist"
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} has no '# expect:' line"
    return match.group("verdict") == "pass", match.group("hint")


def check_names(exercise: str) -> set[str]:
    return {check.name for check in checks_for(exercise)}


def test_the_parser_splits_clauses_outside_parentheses_and_code() -> None:
    """Are a mistake paragraph's clauses cut at '; ' and ', or ', but not inside () or ``?"""
    text = "adding ``a; b`` once (not 2, or 3); flipping the kernel, or ignoring it. Or more"
    assert clauses(text) == ["adding ``a; b`` once (not 2, or 3)", "flipping the kernel",
                             "ignoring it", "more"]  # fmt: skip


def test_every_stub_is_in_the_manifest_and_nothing_else() -> None:
    """Does the manifest list exactly the functions students write?"""
    written = {(stub.exercise, stub.name) for stub in STUBS_FOUND}
    assert written, "no stubs found in exercises/"
    missing = sorted(written - set(ENTRIES))
    stale = sorted(set(ENTRIES) - written)
    assert not missing, f"stubs without a contract entry: {missing}"
    assert not stale, f"contract entries for functions that are no stubs: {stale}"


@pytest.mark.parametrize("stub", STUBS_FOUND, ids=stub_id)
def test_every_named_mistake_is_covered(stub: Stub) -> None:
    """Is each clause of the stub's "Common mistake:" covered, and each entry still in it?"""
    entry = ENTRIES[(stub.exercise, stub.name)]
    mistakes = entry.get("mistake", [])
    for clause in stub.clauses:
        assert any(m["clause"] in clause for m in mistakes), (
            f"{stub_id(stub)}: the docstring names a mistake no contract entry covers: {clause!r}"
        )
    for mistake in mistakes:
        assert any(mistake["clause"] in clause for clause in stub.clauses), (
            f"{stub_id(stub)}: {mistake['clause']!r} is no longer in the docstring's mistakes"
        )


@pytest.mark.parametrize("stub", STUBS_FOUND, ids=stub_id)
def test_every_named_mistake_has_a_check_and_failing_variants(stub: Stub) -> None:
    """Does every named mistake point to real checks, and to variants that fail with a hint?"""
    entry = ENTRIES[(stub.exercise, stub.name)]
    names = check_names(stub.exercise)
    for mistake in entry.get("mistake", []):
        what = f"{stub_id(stub)}: {mistake['clause']!r}"
        assert mistake["checks"], f"{what} names no check"
        assert set(mistake["checks"]) <= names, f"{what}: unknown checks {mistake['checks']}"
        assert mistake["variants"], f"{what} names no golden variant"
        for variant in mistake["variants"]:
            passes, hint = expectation(stub.exercise, variant)
            assert not passes and hint, f"{what}: {variant} must be '# expect: fail <hint>'"


@pytest.mark.parametrize("stub", STUBS_FOUND, ids=stub_id)
def test_every_promise_is_exercised(stub: Stub) -> None:
    """Is every documented argument, the return value and every default exercised by a check?

    Every promise lists golden variants that break it, and each must exist and fail with a
    hint: a promise no variant breaks is a promise nothing proves the checks keep.
    """
    entry = ENTRIES[(stub.exercise, stub.name)]
    promises = {p["about"]: p for p in entry.get("promise", [])}
    wanted = [*stub.args, *(["returns"] if stub.returns else [])]
    wanted += [f"default:{name}" for name in stub.defaults]
    missing = [about for about in wanted if about not in promises]
    assert not missing, f"{stub_id(stub)}: promises without a contract entry: {missing}"
    stale = [about for about in promises if about not in wanted]
    assert not stale, f"{stub_id(stub)}: contract promises the docstring does not make: {stale}"
    names = check_names(stub.exercise)
    for about, promise in promises.items():
        what = f"{stub_id(stub)} ({about})"
        assert promise["checks"], f"{what} names no check"
        assert set(promise["checks"]) <= names, f"{what}: unknown checks {promise['checks']}"
        variants = promise.get("variants", [])
        assert variants, f"{what}: no golden variant breaks this promise"
        assert "no_variant" not in promise, f"{what}: `no_variant` is no longer accepted"
        for variant in variants:
            passes, hint = expectation(stub.exercise, variant)
            assert not passes and hint, f"{what}: {variant} must be '# expect: fail <hint>'"


MAIN = {exercise: contract["main"] for exercise, contract in CONTRACTS.items()}


def test_every_exercise_names_its_main_mistake() -> None:
    """Does every exercise name the mistake its visible checks must catch?"""
    assert sorted(MAIN) == sorted(BY_ID)


@pytest.mark.parametrize("exercise_id", sorted(MAIN))
def test_visible_checks_name_the_main_mistake(exercise_id: str, submission_root: Path) -> None:
    """Does the notebook's check() (visible checks only) fail the main mistake with its hint?"""
    exercise = BY_ID[exercise_id]
    variant = MAIN[exercise_id]["variant"]
    passes, hint = expectation(exercise_id, variant)
    assert not passes and hint
    source = (GOLDEN / "variants" / exercise_id / f"{variant}.py").read_text(encoding="utf-8")
    write_submission(submission_root, exercise, reference_source(exercise) + "\n\n" + source)
    result = grade_exercise(exercise, submission_root, 11, public_only=True)
    feedback = result.feedback()
    assert not result.passed, f"{exercise_id}/{variant} passed the visible checks"
    assert hint in feedback, f"{exercise_id}/{variant}: hint {hint!r} missing in\n{feedback}"
