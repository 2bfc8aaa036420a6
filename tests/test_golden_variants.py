"""Golden variants: each known mistake fails with its hint; each correct rewrite passes.

A variant lives in tests/golden/variants/<exercise id>/<name>.py. It holds only the
functions it changes; the harness appends them to the reference module, so later
definitions replace the reference's. Its first lines say what must happen:

    # expect: fail <text the feedback must contain>
    # expect: pass
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader.grade import grade_exercise
from grader.registry import BY_ID

VARIANTS = sorted((GOLDEN / "variants").glob("*/*.py"))
EXPECT = re.compile(r"^# expect: (?P<verdict>pass|fail)(?: (?P<hint>.+))?$", re.MULTILINE)
SEEDS = (11, 2024)
# cnn-train trains a LeNet per variant (seconds each); its variants were swept over more
# seeds when written, so one seed keeps the suite inside CI's time budget.
SEEDS_FOR = {"cnn-train": (11,)}


def expectation(variant: Path) -> tuple[bool, str | None]:
    match = EXPECT.search(variant.read_text(encoding="utf-8"))
    assert match, f"{variant} has no '# expect:' line"
    return match.group("verdict") == "pass", match.group("hint")


def test_every_exercise_has_variants_on_both_sides() -> None:
    """Does every exercise have at least one known mistake and two correct rewrites?"""
    sides: dict[str, list[bool]] = {}
    for variant in VARIANTS:
        sides.setdefault(variant.parent.name, []).append(expectation(variant)[0])
    for exercise_id in BY_ID:
        verdicts = sides.get(exercise_id, [])
        assert verdicts.count(False) >= 1, f"{exercise_id}: no buggy variant"
        assert verdicts.count(True) >= 2, f"{exercise_id}: fewer than two correct rewrites"


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_variant_gets_its_verdict(variant: Path, submission_root: Path) -> None:
    """Does this variant pass (a correct rewrite) or fail with its hint (a known mistake)?"""
    exercise = BY_ID[variant.parent.name]
    should_pass, hint = expectation(variant)
    source = reference_source(exercise) + f"\n\n# ---- variant {variant.name} ----\n"
    write_submission(submission_root, exercise, source + variant.read_text(encoding="utf-8"))
    for seed in SEEDS_FOR.get(exercise.id, SEEDS):
        result = grade_exercise(exercise, submission_root, seed)
        feedback = result.feedback()
        assert result.passed == should_pass, f"seed {seed}:\n{feedback}"
        if not should_pass:
            assert hint and hint in feedback, f"seed {seed}: hint {hint!r} missing in\n{feedback}"
