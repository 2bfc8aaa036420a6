"""The Spanish catalogs are complete, and the language is chosen the way gettext chooses it.

Completeness: every message `scripts/update_catalogs.py` collects (the notebooks' prose, the
``_()``/``N_()`` calls in grader/ and workbook/) has a Spanish translation that is not
fuzzy, keeps every ``{placeholder}`` and ``%s`` of the English and adds none, and no catalog
holds a message nobody uses any more.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from grader import i18n
from workbook.paths import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "update_catalogs", ROOT / "scripts" / "update_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = load_script()
TEMPLATES: dict[str, Catalog] = catalogs.templates()


@pytest.fixture(autouse=True)
def no_language_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no language set, so the environment decides."""
    monkeypatch.setattr(i18n, "_current", None)


@pytest.mark.parametrize("domain", sorted(TEMPLATES))
def test_spanish_catalog_is_complete(domain: str) -> None:
    """Does every message of the domain have a reviewed Spanish translation with the same
    placeholders, and does the catalog hold nothing obsolete?"""
    problems = catalogs.catalog_problems(TEMPLATES[domain], catalogs.po_path("es", domain))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:20])


def test_no_catalog_without_messages() -> None:
    """Is every .po file the catalog of a domain that still has messages?"""
    assert catalogs.strays(TEMPLATES, "es") == []


def test_notebook_catalog_is_what_the_script_writes() -> None:
    """Would `update_catalogs.py` rewrite notebooks.po byte for byte (locations, order)?"""
    path = catalogs.po_path("es", "notebooks")
    assert (
        catalogs.render(catalogs.updated(TEMPLATES["notebooks"], "es", path)) == path.read_bytes()
    )


def test_no_compiled_catalog_is_committed() -> None:
    """Are the catalogs .po text only (they are compiled in memory when used)?"""
    assert not list(i18n.LOCALE_DIR.rglob("*.mo"))


@pytest.mark.parametrize(
    ("english", "spanish", "problem"),
    [
        ("Hint: {summary}", "Pista: {summary}", None),
        ("Hint: {summary}", "Pista", "placeholders differ"),
        ("Hint: {summary}", "Pista: {resumen}", "placeholders differ"),
        ("{n} checks", "{n} comprobaciones {extra}", "placeholders differ"),
        ("took %s seconds", "tardó segundos", "placeholders differ"),
        ("took %s seconds", "tardó %s segundos", None),
        ("`W_l`: (d_{l-1}, d_l)", "`W_l`: (d_{l-1}, d_l)", None),
        ("above 95%", "por encima del 95 %", None),
        ("a message", "", "untranslated"),
    ],
)
def test_placeholder_check(english: str, spanish: str, problem: str | None) -> None:
    """Does the check catch a translation that drops, renames or invents a placeholder, and
    leave prose braces and percentages alone?"""
    found = catalogs.message_problems(Message(english, spanish))
    if problem is None:
        assert found == []
    else:
        assert len(found) == 1 and problem in found[0], found


def test_fuzzy_translation_is_a_problem() -> None:
    found = catalogs.message_problems(Message("Steps", "Pasos", flags=["fuzzy"]))
    assert len(found) == 1 and found[0].startswith("fuzzy")


def write_catalog(path: Path, language: str, entries: dict[str, str]) -> None:
    catalog = Catalog(locale=language, domain=path.stem, fuzzy=False)
    for english, translated in entries.items():
        catalog.add(english, translated)
    path.parent.mkdir(parents=True, exist_ok=True)
    image = io.BytesIO()
    write_po(image, catalog)
    path.write_bytes(image.getvalue())


def test_update_keeps_translations_marks_new_and_drops_gone(tmp_path: Path) -> None:
    """Does an update keep a translation, bring a new message in untranslated, carry a
    changed one over as fuzzy, and drop one no longer used (which --check flags before)?"""
    path = tmp_path / "es" / "LC_MESSAGES" / "notebooks.po"
    write_catalog(
        path,
        "es",
        {
            "**Steps**": "**Pasos**",
            "Run the check below.": "Ejecuta la comprobación de abajo.",
            "Gone for good": "Ya no está",
        },
    )
    template = Catalog(domain="notebooks")
    for english in ("**Steps**", "Run the check cell below.", "When you are done"):
        template.add(english)
    before = catalogs.catalog_problems(template, path)
    assert any("obsolete" in problem and "Gone for good" in problem for problem in before)
    assert any("not translated yet" in p and "When you are done" in p for p in before)

    catalog = catalogs.updated(template, "es", path)
    path.write_bytes(catalogs.render(catalog))
    after = read_po(path.open("rb"))
    assert after["**Steps**"].string == "**Pasos**" and not after["**Steps**"].fuzzy
    assert after["When you are done"].string == ""
    changed = after["Run the check cell below."]
    assert changed.fuzzy and changed.string == "Ejecuta la comprobación de abajo."
    assert "Gone for good" not in after and not after.obsolete
    problems = catalogs.catalog_problems(template, path)
    assert sorted(problem.split(": ")[1] for problem in problems) == ["fuzzy", "untranslated"]


def test_check_exits_1_on_an_incomplete_catalog(tmp_path: Path) -> None:
    """Does `update_catalogs.py --check` fail, naming the message, when one is missing?"""
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_catalogs.py"), "--check"],
        capture_output=True,
        text=True,
    )
    expected = (
        0
        if not any(
            catalogs.catalog_problems(template, catalogs.po_path("es", domain))
            for domain, template in TEMPLATES.items()
        )
        else 1
    )
    assert done.returncode == expected, done.stderr[-2000:]


def test_domains_merge_and_fuzzy_stays_english(tmp_path: Path) -> None:
    """Are all of a language's domains loaded together, and a fuzzy entry left in English?"""
    write_catalog(tmp_path / "xx" / "LC_MESSAGES" / "cli.po", "es", {"Done": "Hecho"})
    write_catalog(tmp_path / "xx" / "LC_MESSAGES" / "notebooks.po", "es", {"Steps": "Pasos"})
    translations = i18n.translations("xx", tmp_path)
    assert translations.gettext("Done") == "Hecho" and translations.gettext("Steps") == "Pasos"
    assert translations.gettext("Unknown") == "Unknown"
    assert i18n.compile_po(tmp_path / "xx" / "LC_MESSAGES" / "cli.po").gettext("Done") == "Hecho"


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es"}, "es"),
        ({"LANG": "es_MX"}, "es"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "POSIX"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANGUAGE": "es_AR:en", "LANG": "en_US.UTF-8"}, "es"),
        ({"LANGUAGE": "fr:es", "LANG": "en_US.UTF-8"}, "es"),
        ({"LC_ALL": "C", "LANG": "es_ES.UTF-8"}, "en"),
        ({"LC_ALL": "", "LC_MESSAGES": "es_ES.UTF-8", "LANG": "C"}, "es"),
    ],
)
def test_language_from_environment(environ: dict[str, str], language: str) -> None:
    """The first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set decides, as in gettext."""
    assert i18n.language_from_environment(environ) == language


def test_environment_selects_spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in i18n.ENVIRONMENT_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert i18n.current_language() == "es"
    assert i18n._("**Steps**") == "**Pasos**"
    monkeypatch.setenv("LANG", "C")
    assert i18n.current_language() == "en"
    assert i18n._("**Steps**") == "**Steps**"


def test_explicit_language_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    """Does set_language override LANG both ways, and refuse a language without catalogs?"""
    monkeypatch.setenv("LANGUAGE", "es")
    assert i18n.set_language("en") == "en" and i18n.current_language() == "en"
    assert i18n._("**Steps**") == "**Steps**"
    monkeypatch.setenv("LANGUAGE", "C")
    assert i18n.set_language("es_ES.UTF-8") == "es" and i18n.current_language() == "es"
    assert i18n._("**Steps**") == "**Pasos**"
    assert i18n.N_("**Steps**") == "**Steps**"
    with pytest.raises(ValueError, match="unknown language 'fr'; choose from en, es"):
        i18n.set_language("fr")
    assert i18n.current_language() == "es"


def test_translations_of_lists_every_language() -> None:
    placeholder = "_Write your answer here._"
    assert placeholder in i18n.translations_of(placeholder)
    assert len(i18n.translations_of(placeholder)) == 2


def test_import_is_light() -> None:
    """Does importing grader.i18n and translating into English load neither Babel nor NumPy?"""
    code = (
        "import sys\nfrom grader.i18n import _, current_language\n_('x')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'babel', 'numpy'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C"},
    )  # fmt: skip
    assert done.stdout.strip() == "[]"
