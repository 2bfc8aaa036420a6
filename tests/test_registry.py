"""One place per exercise: every exercise is one folder of grader/checks/ (spec.py and
checks.py) plus its reference, and everything that lists exercises derives from the specs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from grader.checks import REGISTRY, Suite, load_suites, suite_module, suite_names
from grader.checks.spec import Spec
from grader.registry import BY_ID, EXERCISES, WEEKS
from workbook.checklist import CHECKLIST
from workbook.paths import ROOT, SOLUTIONS


def test_every_suite_folder_is_one_exercise_of_the_registry() -> None:
    """Is each folder with a spec.py an exercise in the registry, once, and the other way?"""
    assert sorted(spec.suite for spec in EXERCISES) == suite_names()
    assert len(BY_ID) == len(EXERCISES)


@pytest.mark.parametrize("spec", EXERCISES, ids=lambda spec: spec.id)
def test_a_spec_names_its_reference_and_its_checks(spec: Spec) -> None:
    """Does each spec's module exist in solutions/, and do its checks sit beside it?"""
    assert spec.week in WEEKS
    assert (SOLUTIONS / spec.path).is_file()
    load_suites()
    assert REGISTRY[spec.id]
    assert {check.run.__module__ for check in REGISTRY[spec.id]} == {suite_module(spec.id)}


def test_a_typo_in_a_suites_id_fails_at_import() -> None:
    """Does `Suite("7.44")` raise, naming the known ids?"""
    with pytest.raises(ValueError, match=r"Suite\('7\.44'\): no exercise has that id; known: 7\.1"):
        Suite("7.44")


def test_a_suite_module_with_a_typo_cannot_be_imported(tmp_path: Path) -> None:
    """Does a suite file declaring an unknown id fail when Python imports it?"""
    source = "from grader.checks import Suite\nsuite = Suite('7.44')\n"
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True)
    assert done.returncode != 0 and "no exercise has that id" in done.stderr


def test_checklist_items_name_registered_exercises() -> None:
    """Does every checklist item that is proven by exercises name exercises that exist?"""
    named = {exercise for item in CHECKLIST for exercise in item.exercises}
    assert named and named <= set(BY_ID), sorted(named - set(BY_ID))


def test_the_readme_lists_every_exercise_id_in_workbook_order() -> None:
    """Does the README's TARGET paragraph list the registry's ids, in its order?"""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = text[text.index("- `TARGET`:") :].split("\n- ")[0]
    listed = re.findall(r"`([\w.-]+)`", paragraph.split("exercise id:")[1])
    ids = [spec.id for spec in EXERCISES]
    numbered = [i for i in ids if i[0].isdigit()]
    named = [i for i in ids if not i[0].isdigit()]
    assert listed == [numbered[0], numbered[-1], *named], listed
