"""Translations: gettext catalogs kept as ``.po`` files, compiled in memory when first used.

The catalogs live in ``grader/locale/<lang>/LC_MESSAGES/<domain>.po``, one domain per area
(``notebooks``, ``cli``, ``stubs``, ``checks_ex7_4``, ...) so that several people can
translate at once; a language's translations are every domain found for it, merged. Each
``.po`` file is parsed with Babel and turned into a ``.mo`` image in memory
(``read_po`` → ``write_mo`` → :class:`gettext.GNUTranslations`), so no compiled catalog is
committed and none can go stale. A language is loaded once per process.

English is the source language and needs no catalog: ``_()`` hands English text back as it
is, and an untranslated (or fuzzy) message falls back to English too.

``scripts/update_catalogs.py`` collects the messages and updates the ``.po`` files.

This module imports only the standard library; Babel is imported when a catalog is first
loaded, so ``grade --help`` stays light.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
# The variables gettext reads, in its order: the first one set decides.
ENVIRONMENT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current: str | None = None
_loaded: dict[str, gettext.NullTranslations] = {}


def available_languages(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """English, then every language with at least one catalog, e.g. ``("en", "es")``."""
    found = sorted(
        folder.name for folder in locale_dir.glob("*") if any((folder / "LC_MESSAGES").glob("*.po"))
    )
    return (SOURCE_LANGUAGE, *(code for code in found if code != SOURCE_LANGUAGE))


def normalize(code: str) -> str:
    """The bare language of a locale name: ``es_ES.UTF-8@euro`` → ``es``, ``EN`` → ``en``."""
    bare = code.strip().split(".")[0].split("@")[0]
    return bare.replace("-", "_").split("_")[0].lower()


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it; ``"en"`` by default.

    The first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set decides. Its value may
    list several locales (``es_MX:fr``); the first one this workbook has wins. ``C`` and
    ``POSIX`` mean English, as does a locale with no catalog (``fr_FR.UTF-8``).
    """
    environ = os.environ if environ is None else environ
    languages = available_languages()
    for variable in ENVIRONMENT_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for item in value.split(":"):
            code = normalize(item)
            if code in ("c", "posix"):
                return SOURCE_LANGUAGE
            if code in languages:
                return code
        return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def set_language(code: str) -> str:
    """Translate from now on into `code` (``"es"``, ``"es_ES.UTF-8"``, ``"en"``).

    Returns the bare language chosen. Raises ValueError (one line) for a language without
    catalogs.
    """
    global _current
    language = normalize(code)
    languages = available_languages()
    if language not in languages:
        raise ValueError(f"unknown language {code!r}; choose from {', '.join(languages)}")
    _current = language
    return language


def current_language() -> str:
    """The language set by :func:`set_language`, else the environment's."""
    return _current if _current is not None else language_from_environment()


def catalog_files(language: str, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every domain's ``.po`` file of a language, sorted by domain."""
    return sorted((locale_dir / language / "LC_MESSAGES").glob("*.po"))


def compile_po(path: Path) -> gettext.GNUTranslations:
    """One ``.po`` file as gettext translations, compiled in memory (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=path.parent.parent.name, domain=path.stem)
    image = io.BytesIO()
    write_mo(image, catalog, use_fuzzy=False)
    image.seek(0)
    return gettext.GNUTranslations(image)


def translations(language: str, locale_dir: Path = LOCALE_DIR) -> gettext.NullTranslations:
    """All of a language's domains merged (loaded once per process and directory)."""
    key = f"{locale_dir}:{language}"
    if key not in _loaded:
        merged = gettext.NullTranslations()
        if language != SOURCE_LANGUAGE:
            for path in reversed(catalog_files(language, locale_dir)):
                domain = compile_po(path)
                domain.add_fallback(merged)
                merged = domain
        _loaded[key] = merged
    return _loaded[key]


def translator(language: str) -> Callable[[str], str]:
    """A ``_`` for one language, whatever the current one is (e.g. to build its notebook)."""
    if normalize(language) == SOURCE_LANGUAGE:
        return str
    lookup = translations(normalize(language)).gettext
    return lambda message: lookup(message) if message else message


def _(message: str) -> str:
    """`message` in the current language (English when it has no translation)."""
    language = current_language()
    if language == SOURCE_LANGUAGE or not message:  # gettext maps "" to the header
        return message
    return translations(language).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name
    """Mark `message` for translation without translating it (translate it later with ``_``)."""
    return message


def translations_of(message: str) -> set[str]:
    """`message` in every language (e.g. to recognise a translated placeholder)."""
    return {translator(language)(message) for language in available_languages()}
