"""`grade` in Spanish: `--lang es` or LANG select it, an unknown code is a usage error, and
every sentence of the report (the runner's included) comes from the cli catalog.

The English output is pinned by the other tests (test_cli.py, test_failure_kinds.py, ...);
here LANG=C checks that the environment does not leak Spanish into it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader import i18n, wording
from grader.cli import main, take_language
from grader.isolation.runner import Limits, StudentFailure, Worker
from grader.registry import UsageError
from workbook.answers import ANSWER_PLACEHOLDER, is_placeholder
from workbook.paths import NOTEBOOKS, ROOT

NOT_ATTEMPTED_ES = "aún sin implementar: `dense_forward` todavía lanza NotImplementedError"
NOT_ATTEMPTED_EN = "not implemented yet: `dense_forward` still raises NotImplementedError"


def run_grade(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """`python -m grader.cli ARGS` with only `environ` deciding the language."""
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT_VARIABLES}
    command = [sys.executable, "-m", "grader.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=300, cwd=ROOT, env={**env, **environ}
    )


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process translates into Spanish for one test, then goes back to the environment."""
    monkeypatch.setattr(i18n, "_current", None)
    i18n.set_language("es")
    yield
    monkeypatch.setattr(i18n, "_current", None)


def test_lang_es_grades_week17_in_spanish() -> None:
    """Does `grade week17 --lang es` on the stubs word the rows, the not-attempted lines,
    the written answers and the total in Spanish, whatever LANG says?"""
    done = run_grade("week17", "--lang", "es", "--seed", "3", LANG="C")
    assert done.returncode == 1, done.stderr[-2000:]
    out = done.stdout
    assert out.startswith("Corrigiendo exercises/ (semilla 3)")
    assert "✗ no superado" in out and "Pasada hacia delante de una capa densa" in out
    assert NOT_ATTEMPTED_ES in out
    assert "Respuestas escritas (se corrigen a mano):" in out and ": sin escribir" in out
    total = out.strip().splitlines()[-1]
    assert total.startswith("Total: 0/") and " puntos, 0/5 ejercicios superados en " in total
    assert total.endswith("para repetir con las mismas entradas: grade week17 --seed 3")
    assert "not implemented yet" not in out and "points" not in out


def test_lang_variable_selects_spanish() -> None:
    """Does `LANG=es_ES.UTF-8 grade 7.2` speak Spanish without --lang?"""
    done = run_grade("7.2", "--seed", "1", LANG="es_ES.UTF-8")
    assert done.returncode == 1, done.stderr[-2000:]
    assert NOT_ATTEMPTED_ES in done.stdout
    assert "Total: 0/4 puntos, 0/1 ejercicios superados" in done.stdout


def test_lang_c_stays_english_and_lang_en_wins_over_the_environment() -> None:
    """Is LANG=C English, and does --lang en override a Spanish LANG (and --lang=es a C)?"""
    for args, environ in (((), {"LANG": "C"}), (("--lang", "en"), {"LANG": "es_ES.UTF-8"})):
        done = run_grade("7.2", "--seed", "1", *args, **environ)
        assert done.stdout.startswith("Grading exercises/ (seed 1)"), done.stderr[-2000:]
        assert NOT_ATTEMPTED_EN in done.stdout
        assert "Total: 0/4 points, 0/1 exercises passed in " in done.stdout
    done = run_grade("7.2", "--seed", "1", "--lang=es", LANG="C")
    assert NOT_ATTEMPTED_ES in done.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["7.2", "--lang", "xx"], "unknown language 'xx'; choose from en, es"),
        (["--lang", "fr", "--help"], "unknown language 'fr'"),
        (["7.2", "--lang"], "--lang needs a language code"),
    ],
)
def test_unknown_language_is_a_one_line_usage_error(args: list[str], needle: str) -> None:
    done = run_grade(*args, LANG="C")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"grade: error: {needle}"), lines
    assert done.stdout == ""


def test_usage_errors_and_help_in_spanish() -> None:
    """Are the help's own texts and frame, and a usage error's frame, in Spanish?"""
    done = run_grade("--lang", "es", "--help", LANG="C")
    assert done.returncode == 0
    assert done.stdout.startswith("uso: grade ")
    assert "Corrige los ejercicios del Módulo 07" in done.stdout
    assert "argumentos posicionales:" in done.stdout and "opciones:" in done.stdout
    assert "muestra esta ayuda y termina" in done.stdout
    done = run_grade("7.2", "--format", "xml", LANG="es_ES.UTF-8")
    assert done.returncode == 2 and done.stderr.strip().endswith("(consulta grade --help)")
    done = run_grade("7.2", "--submission", "/no/such/dir", "--lang", "es")
    assert done.returncode == 2 and "no existe la entrega: /no/such/dir" in done.stderr


def test_take_language_anywhere_in_the_arguments() -> None:
    assert take_language(["7.2", "--lang", "es", "--seed", "1"]) == ("es", ["7.2", "--seed", "1"])
    assert take_language(["--lang=en", "progress"]) == ("en", ["progress"])
    assert take_language(["7.2"]) == (None, ["7.2"])
    with pytest.raises(UsageError):
        take_language(["7.2", "--lang", "--seed"])


def test_json_report_in_spanish(tmp_path: Path) -> None:
    """Does Gradescope's results.json keep its keys and status values, in Spanish text?"""
    done = run_grade("7.2", "--format", "json", "--seed", "2", "--lang", "es")
    results = json.loads(done.stdout)
    assert results["output"].startswith("semilla 2; para reproducirlo: grade 7.2 --seed 2")
    assert results["tests"][0]["status"] == "failed"
    assert NOT_ATTEMPTED_ES in results["tests"][0]["output"]


MODULE = """\
import sys


def spin():
    while True:
        pass


def leave():
    sys.exit(3)
"""


def test_the_runner_speaks_spanish_though_the_child_does_not(tmp_path: Path, spanish: None) -> None:
    """Are the child's sentences (a missing name, sys.exit) reworded in Spanish by the
    grading process, and its own (a timeout with where it ran) worded there?"""
    (tmp_path / "student.py").write_text(MODULE, encoding="utf-8")
    with Worker(tmp_path, "student", Limits(timeout=5.0)) as worker:
        with pytest.raises(StudentFailure) as missing:
            worker.call("absent")
        assert missing.value.message == "student.py no define `absent`"
        with pytest.raises(StudentFailure) as leaving:
            worker.call("leave")
        assert leaving.value.message == "llamó a sys.exit(3)"
    with Worker(tmp_path, "student", Limits(timeout=1.0)) as worker:
        with pytest.raises(StudentFailure) as hung:
            worker.call("spin")
    message = hung.value.message
    assert message.startswith("se agotó el tiempo tras 1 s mientras se ejecutaba `spin`")
    assert wording.while_calling(message, "spin") == message  # already says where
    assert wording.while_calling("se agotó el tiempo tras 1 s", "spin") == (
        "se agotó el tiempo tras 1 s al llamar a `spin`"
    )


def test_a_forged_or_unknown_record_from_the_child_stays_as_sent(spanish: None) -> None:
    said = wording.said(wording.DEFINES_NO, file="a.py", name="f")
    assert wording.reworded(said, "a.py defines no `f`") == "a.py no define `f`"
    assert wording.reworded({"template": "{x}", "fields": {"x": "1"}}, "sent") == "sent"
    assert wording.reworded({"template": wording.DEFINES_NO, "fields": {}}, "sent") == "sent"
    assert wording.reworded("junk", 42) == "42"
    assert wording.borrowed(wording.REFERENCE_SOLUTIONS, "solutions/") == (
        "tu código usó las soluciones de referencia (solutions/); escribe tu propia versión"
    )


def test_missing_module_is_not_attempted_in_both_languages(spanish: None) -> None:
    from grader.verdicts import FailureKind, failure_kind

    assert failure_kind("import", wording.missing_module("w.py")) is FailureKind.NOT_ATTEMPTED
    assert failure_kind("import", "missing module w.py") is FailureKind.NOT_ATTEMPTED
    failure = StudentFailure("import", wording.missing_module("w.py"), fatal=True)
    assert wording.playground_message(failure, "MLP.forward", "F", "mlp", 5.0, True) == (
        "No hay ningún F que entrenar: escribe ahí tu MLP de la semana 18 y después ejecuta "
        "`grade mlp`."
    )


def test_spanish_placeholder_is_an_empty_answer() -> None:
    """Does a Spanish notebook's untouched answer cell count as not written?"""
    from workbook.answers import answer_cells

    assert is_placeholder("_Escribe aquí tu respuesta._") and is_placeholder(ANSWER_PLACEHOLDER)
    assert not is_placeholder("_Porque no hay una recta que los separe._")
    cells = answer_cells(NOTEBOOKS / "es" / "week17.ipynb")
    assert cells and not any(filled for _, _, filled in cells)


def test_main_in_process_applies_the_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(i18n, "_current", None)
    assert main(["7.2", "--lang", "xx"]) == 2
    assert capsys.readouterr().err.strip() == (
        "grade: error: unknown language 'xx'; choose from en, es"
    )
    assert i18n.current_language() == i18n.language_from_environment()
