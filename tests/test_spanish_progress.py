"""`grade progress --lang es`: the checklist, its details, the status lines and the ticks in
Spanish; an unknown target in Spanish. The English checklist is pinned by test_progress.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from grader import i18n
from grader.cli import main
from grader.progress import (
    NO_TESTS,
    TIMED_OUT,
    TOOL_TIMEOUT,
    Progress,
    ToolRun,
    checklist_lines,
    read_ticks,
    render_details,
    render_progress,
    tick,
)
from grader.registry import UsageError, resolve_targets
from workbook.checklist import CHECKLIST
from workbook.paths import ROOT

KNOW_LENET_ES = "Conozco LeNet-5 capa a capa."


def run_grade(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """`python -m grader.cli ARGS` with LANG=C, so only --lang can choose Spanish."""
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT_VARIABLES}
    env.update(LANG="C", XDG_CACHE_HOME=str(cache))
    command = [sys.executable, "-m", "grader.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process translates into Spanish for one test, then goes back to the environment."""
    monkeypatch.setattr(i18n, "_current", None)
    i18n.set_language("es")
    yield
    monkeypatch.setattr(i18n, "_current", None)


def test_grade_progress_lang_es_end_to_end(tmp_path: Path) -> None:
    """On an empty submission, are the title, the sections, the items, what each still needs,
    the summary and the status lines on stderr all in Spanish?"""
    submission = tmp_path / "exercises"
    submission.mkdir()
    (submission / "__init__.py").write_text("", encoding="utf-8")
    done = run_grade("progress", "--lang", "es", "--submission", str(submission), cache=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert out.startswith("Lista de progreso del Módulo 07\n\nConocimientos\n")
    assert (
        "   1. [ ] Entiendo en qué se parece una neurona artificial a una biológica.  "
        "(autoevaluación: grade progress --tick 1)"
    ) in out
    assert "He implementado la pasada hacia atrás (gradientes).  (grade 7.4 mlp)" in out
    assert "(grade perceptron; respuesta sin escribir)" in out
    assert "Explica el pooling en 5 líneas.  (sin escribir)" in out
    assert "Prueba de sobreajuste" in out and "Entregables de código" in out
    assert f"{_es(NO_TESTS)}; consulta grade progress --details" in out
    assert " puntos comprobables hechos; 0/5 puntos de autoevaluación marcados." in out
    assert "Tus marcas se guardan en " in out
    assert "grade progress: corrigiendo 15 ejercicios..." in done.stderr
    assert "grade progress: corrigiendo 15 ejercicios: 0 superados en " in done.stderr
    assert "checklist" not in out and "items" not in out and "self-assessed" not in out


def test_cache_note_and_details_in_spanish(tmp_path: Path, spanish: None) -> None:
    """A cached run's note, the ticks file's place and `--details` in Spanish."""
    tools = {"mypy": ToolRun(True, "Success", "Success"), "pytest": ToolRun(False, NO_TESTS)}
    found = Progress(checklist_lines(set(), set(), tools), tools, tmp_path / "ticks.txt", True)
    text = render_progress(found)
    assert "(Nada ha cambiado desde la última ejecución: resultados de la caché.)" in text
    assert text.endswith(f"Tus marcas se guardan en {tmp_path / 'ticks.txt'}.")
    details = render_details(found)
    assert "== mypy: superado ==" in details and "== pytest: no superado ==" in details
    assert _es(NO_TESTS) in details
    assert "La configuración de mypy para tu código: " in details


def test_unknown_target_in_spanish(tmp_path: Path) -> None:
    done = run_grade("week99", "--lang", "es", cache=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("grade: error: objetivo desconocido 'week99'; elige entre all, ")


def test_unknown_target_message_follows_the_language(spanish: None) -> None:
    with pytest.raises(UsageError, match="^objetivo desconocido 'nope'; elige entre all, week17"):
        resolve_targets(["nope"])


def test_ticks_in_spanish_are_written_in_spanish_and_read_in_any_language(
    tmp_path: Path, spanish: None
) -> None:
    """Does `--tick` write the Spanish item and header, does an English line still count,
    and do the usage errors of --tick speak Spanish?"""
    ticks = tmp_path / "self_assessment.txt"
    tick(ticks, [11], True)
    text = ticks.read_text(encoding="utf-8")
    assert text.startswith("# Puntos de autoevaluación de `grade progress` que has marcado")
    assert read_ticks(ticks) == {KNOW_LENET_ES}
    ticks.write_text(text + f"[x] {CHECKLIST[0].text}\n", encoding="utf-8")  # English
    lines = checklist_lines(set(), set(), {"mypy": ToolRun(True, ""), "pytest": ToolRun(True, "")},
                            read_ticks(ticks))  # fmt: skip
    assert lines[0].ticked and lines[10].ticked and lines[10].detail == "autoevaluación"
    tick(ticks, [1], False)
    assert read_ticks(ticks) == {KNOW_LENET_ES}
    with pytest.raises(UsageError, match="^la lista no tiene el punto 99; los puntos van del 1"):
        tick(ticks, [99], True)
    with pytest.raises(UsageError, match=r"^el punto 2 \(He implementado sigmoide, ReLU"):
        tick(ticks, [2], True)


def test_cli_tick_usage_error_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "_current", None)
    assert main(["progress", "--lang", "es", "--submission", str(tmp_path), "--tick", "2"]) == 2
    assert "lo marca la corrección, no tú a mano" in capsys.readouterr().err


def test_tool_summaries_of_the_cache_show_in_the_current_language(spanish: None) -> None:
    """The cache keeps this module's summaries in English; they are shown translated."""
    timed_out = ToolRun(False, TIMED_OUT.format(seconds=TOOL_TIMEOUT))
    lines = checklist_lines(set(), set(), {"mypy": timed_out, "pytest": ToolRun(False, NO_TESTS)})
    text = render_progress(lines)
    assert (
        f"(se agotó el tiempo tras {TOOL_TIMEOUT:g} s; consulta grade progress --details)" in text
    )
    assert f"({_es(NO_TESTS)}; consulta grade progress --details)" in text


def _es(message: str) -> str:
    return i18n.translator("es")(message)
