"""`grade` gives a check's hint in Spanish: a golden buggy variant of 7.3 graded with
`--lang es`, and with LANG=es_ES.UTF-8, fails with the Spanish words of its mistake (from
the shared softmax catalogue, grader/checks/diagnosis/softmax.py) and none of the English.

Like tests/test_spanish_cli.py, `grade` runs as a subprocess, so the language is chosen the
way a student's shell chooses it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOLDEN, reference_source, write_submission

from grader import i18n
from grader.registry import BY_ID
from workbook.paths import ROOT

VARIANT = GOLDEN / "variants" / "7.3" / "softmax_no_max.py"
HINT_EN = "softmax returned nan for logits of 1000; subtract the max first"
HINT_ES = "softmax devolvió nan para logits de 1000; resta primero el máximo"
TITLE_ES = "softmax y logsumexp siguen siendo finitos para logits de ±1000"


def run_grade(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """`python -m grader.cli ARGS` with only `environ` deciding the language."""
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT_VARIABLES}
    command = [sys.executable, "-m", "grader.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=ROOT, env={**env, **environ}
    )


@pytest.fixture
def buggy_softmax(submission_root: Path) -> Path:
    """A submission of 7.3: the reference with softmax_no_max.py's softmax appended."""
    exercise = BY_ID["7.3"]
    source = reference_source(exercise) + f"\n\n# ---- variant {VARIANT.name} ----\n"
    return write_submission(submission_root, exercise, source + VARIANT.read_text("utf-8"))


def assert_spanish_hint(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 1, done.stderr[-2000:]
    assert HINT_ES in done.stdout, done.stdout[-3000:]
    assert TITLE_ES in done.stdout
    assert HINT_EN not in done.stdout
    assert "✗ no superado" in done.stdout


def test_lang_es_gives_the_hint_in_spanish(buggy_softmax: Path) -> None:
    """Does `grade 7.3 --lang es` name the missing max subtraction in Spanish?"""
    done = run_grade("7.3", "--lang", "es", "--submission", str(buggy_softmax), "--seed", "1",
                     LANG="C")  # fmt: skip
    assert_spanish_hint(done)


def test_spanish_lang_variable_gives_the_hint_in_spanish(buggy_softmax: Path) -> None:
    """Does LANG=es_ES.UTF-8 alone give the same Spanish hint (and --lang en the English)?"""
    done = run_grade("7.3", "--submission", str(buggy_softmax), "--seed", "1",
                     LANG="es_ES.UTF-8")  # fmt: skip
    assert_spanish_hint(done)
    done = run_grade("7.3", "--lang", "en", "--submission", str(buggy_softmax), "--seed", "1",
                     LANG="es_ES.UTF-8")  # fmt: skip
    assert HINT_EN in done.stdout and HINT_ES not in done.stdout, done.stdout[-3000:]
