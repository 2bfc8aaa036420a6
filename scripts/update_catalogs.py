"""Collect every message to translate and update the gettext catalogs (grader/locale/*/*.po).

Usage:
    python scripts/update_catalogs.py          # add new messages, drop gone ones, keep the rest
    python scripts/update_catalogs.py --check  # exit 1 if a catalog lacks a message, holds an
                                               # untranslated, fuzzy or obsolete one, or a
                                               # translation drops or invents a placeholder

Where the messages come from, and the domain (the ``.po`` file) each goes to:
- ``_("...")`` and ``N_("...")`` calls in grader/ and workbook/, read with Babel's Python
  extractor: ``grader/checks/<suite>.py`` → ``checks_<suite>``, ``grader/cli.py`` and the
  rest of grader/ → ``cli``, workbook/ → ``notebooks``;
- the notebooks' prose → ``notebooks``: the notebook builder run with a recording translator
  (`workbook.notebooks.messages`), so whatever the builder translates is collected, wherever
  the content objects are defined;
- the stubs' docstrings → ``stubs``: the stub generator run with a recording translator
  (`workbook.stub_files.messages`), one message per paragraph, section heading or section
  entry of every docstring that gets a Spanish part.

Updating is Babel's ``Catalog.update``: a translation is kept while its English is
unchanged; a new message comes in untranslated, and one whose English changed a little
comes in *fuzzy* with the old translation, for a translator to review. Messages no longer
used are dropped. The file keeps its creation date, so an update without changes rewrites
the same bytes.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po, write_po

from grader.i18n import LOCALE_DIR, SOURCE_LANGUAGE
from workbook.paths import ROOT

LANGUAGES = ("es",)
SOURCE_FOLDERS = ("grader", "workbook")
KEYWORDS = {"_": None, "N_": None}
PROJECT = "dl-workbook"
HEADER = (
    "# The dl-workbook's {domain} messages in {language}.\n"
    "# Updated by scripts/update_catalogs.py (which keeps every translation); fill in msgstr.\n"
    "# Compiled in memory when used (grader/i18n.py): no .mo file is committed."
)
WIDTH = 100
# str.format fields ({name}, {0}, {}, {name!r:>8}) and printf ones (%s, %(name)d, %.3f).
# Braces after a letter or holding other characters (`d_{l-1}`) are prose, not fields.
FORMAT_FIELD = re.compile(r"(?<![{\w])\{(?:[A-Za-z_]\w*|\d+)?(?:![rsa])?(?::[^{}]*)?\}")
PRINTF_FIELD = re.compile(r"%(?:\([A-Za-z_]\w*\))?(?:\.\d+)?[sdfr]")


def domain_of(path: Path) -> str:
    """The catalog of a source file's messages: ``grader/checks/ex7_4/checks.py`` →
    ``checks_ex7_4``; the suites' shared helpers → ``checks_shared``; the rest of grader/ →
    ``cli``; workbook/ → ``notebooks``."""
    parts = path.relative_to(ROOT).parts
    if parts[0] == "workbook":
        return "notebooks"
    if (
        parts[:2] == ("grader", "checks")
        and (ROOT / "grader" / "checks" / parts[2] / "spec.py").is_file()
    ):
        return f"checks_{parts[2]}"
    if parts[:2] == ("grader", "checks"):
        return "checks_shared"  # expect.py, lenet.py, diagnosis/: what several suites say
    return "cli"


def extracted(root: Path = ROOT) -> Iterable[tuple[str, str, str, int]]:
    """(domain, message, file, line) for every ``_()``/``N_()`` call with a literal."""
    keywords = {name: DEFAULT_KEYWORDS[name] for name in KEYWORDS}
    for folder in SOURCE_FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            if "__pycache__" in path.parts or path.name == "i18n.py":
                continue
            for line, message, _comments, _context in extract_from_file(
                "python", path, keywords=keywords
            ):
                if isinstance(message, str) and message:
                    yield domain_of(path), message, path.relative_to(root).as_posix(), line


def templates() -> dict[str, Catalog]:
    """Every message to translate, as one template catalog per domain."""
    from workbook.notebooks import messages
    from workbook.stub_files import messages as stub_messages

    catalogs: dict[str, Catalog] = {}

    def add(domain: str, message: str, where: str, line: int) -> None:  # line 0: none
        catalog = catalogs.setdefault(domain, Catalog(domain=domain, project=PROJECT))
        flags = ["python-brace-format"] if FORMAT_FIELD.search(message) else []
        catalog.add(message, locations=[(where, line)], flags=flags)  # merges a repeated one

    for message, notebooks in messages().items():
        for notebook in notebooks:
            add("notebooks", message, notebook, 0)
    for message, stubs in stub_messages().items():
        for stub in stubs:
            add("stubs", message, stub, 0)
    for domain, message, where, line in extracted():
        add(domain, message, where, line)
    return catalogs


def po_path(language: str, domain: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{domain}.po"


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=path.parent.parent.name, domain=path.stem)


def render(catalog: Catalog) -> bytes:
    image = io.BytesIO()
    write_po(image, catalog, width=WIDTH, ignore_obsolete=True, include_previous=True)
    return image.getvalue()


def updated(template: Catalog, language: str, path: Path) -> Catalog:
    """The catalog at `path` (or a new one) brought in line with `template`."""
    if path.exists():
        catalog = read(path)
    else:
        catalog = Catalog(
            locale=language,
            domain=template.domain,
            project=PROJECT,
            header_comment=HEADER.format(language=language, domain=template.domain),
            fuzzy=False,
            last_translator="the workbook's authors",
        )
        catalog.creation_date = template.creation_date
    catalog.update(template, update_creation_date=False)
    catalog.revision_date = catalog.creation_date
    return catalog


def fields(text: str) -> list[str]:
    return sorted(FORMAT_FIELD.findall(text) + PRINTF_FIELD.findall(text))


def message_problems(message: Message) -> list[str]:
    """What is wrong with one entry: untranslated, fuzzy, or placeholders that differ."""
    if not message.id:
        return []
    english = message.id if isinstance(message.id, str) else message.id[0]
    start = " ".join(english.split())[:60]
    translation = message.string if isinstance(message.string, str) else ""
    if not translation:
        return [f"untranslated: {start!r}"]
    problems = [f"fuzzy: {start!r}"] if message.fuzzy else []
    if fields(english) != fields(translation):
        problems.append(
            f"placeholders differ in {start!r}: {fields(english)} vs {fields(translation)}"
        )
    return problems


def catalog_problems(template: Catalog, path: Path) -> list[str]:
    """Everything `--check` reports about one ``.po`` file against its template."""
    label = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    if not path.exists():
        return [f"{label}: missing ({len(template)} messages to translate)"]
    catalog = read(path)
    problems = [
        f"{label}: not translated yet: {m.id!r}" for m in template if m.id and m.id not in catalog
    ]
    for message in catalog:
        if message.id and message.id not in template:
            problems.append(f"{label}: obsolete (no longer used): {message.id!r}")
        problems.extend(f"{label}: {problem}" for problem in message_problems(message))
    problems.extend(f"{label}: obsolete: {m.id!r}" for m in catalog.obsolete.values())
    return problems


def strays(domains: Iterable[str], language: str, locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """``.po`` files of a language whose domain has no messages any more."""
    folder = locale_dir / language / "LC_MESSAGES"
    return sorted(path for path in folder.glob("*.po") if path.stem not in set(domains))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a catalog is incomplete")
    parser.add_argument(
        "--domain",
        action="append",
        default=[],
        help="update or check only this catalog (e.g. checks_ex7_4); repeatable",
    )
    args = parser.parse_args(argv)
    catalogs = templates()
    unknown = sorted(set(args.domain) - set(catalogs))
    if unknown:
        parser.error(f"no messages use the domain(s) {', '.join(unknown)}")
    if args.domain:
        catalogs = {name: catalogs[name] for name in args.domain}
    problems: list[str] = []
    for language in LANGUAGES:
        assert language != SOURCE_LANGUAGE
        for domain, template in sorted(catalogs.items()):
            path = po_path(language, domain)
            if args.check:
                problems.extend(catalog_problems(template, path))
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = updated(template, language, path)
            path.write_bytes(render(catalog))
            todo = sum(1 for message in catalog if message.id and not _done(message))
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {todo} to translate")
        for stray in [] if args.domain else strays(catalogs, language):
            problems.append(f"{stray.relative_to(ROOT)}: no messages use this domain any more")
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.check:
        if problems:
            print(f"{len(problems)} problems: translate, then run this script", file=sys.stderr)
            return 1
        print(f"catalogs complete: {sum(len(c) for c in catalogs.values())} messages")
    return 0


def _done(message: Message) -> bool:
    return bool(message.string) and not message.fuzzy


if __name__ == "__main__":
    sys.exit(main())
