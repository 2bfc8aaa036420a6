"""`grade`: the command line. It parses arguments and calls grader.grade; nothing more."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from grader.i18n import N_, _, available_languages, set_language
from grader.registry import EXERCISES, WEEKS, UsageError

if TYPE_CHECKING:
    from grader.report import Report

# Start-up is part of every run's wall time, so what a verb needs is imported when it runs:
# `grade --help` and a usage error need no NumPy, grading needs no progress checklist, and
# the instructor verbs (nbgrader, Dask, Gradescope) load only when named.

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Ctrl-C: the shell's status for a command ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


USAGE_ERROR = N_("grade: error: {message} (see grade --help)")
ERROR = N_("grade: error: {message}")
INTERRUPTED = N_("grade: interrupted")
UNKNOWN_LANGUAGE = N_("unknown language {code!r}; choose from {languages}")
LANGUAGE_NEEDED = N_("--lang needs a language code, e.g. --lang es")


# argparse's own frame of a help text, which its gettext domain does not translate here.
USAGE_PREFIX = N_("usage: ")
POSITIONALS = N_("positional arguments")
OPTIONS = N_("options")
SHOW_HELP = N_("show this help message and exit")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit status 2), and the help's frame
    (usage, section titles, -h) is in the current language too."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = _(POSITIONALS)
        self._optionals.title = _(OPTIONS)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=_(SHOW_HELP)
            )

    def format_usage(self) -> str:
        return translated_usage(super().format_usage())

    def format_help(self) -> str:
        return translated_usage(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, _(USAGE_ERROR).format(message=message) + "\n")


def translated_usage(text: str) -> str:
    """argparse's text with its "usage: " prefix in the current language."""
    english = "usage: "
    return _(USAGE_PREFIX) + text.removeprefix(english) if text.startswith(english) else text


def take_language(argv: list[str]) -> tuple[str | None, list[str]]:
    """`--lang CODE` (or `--lang=CODE`) taken out of `argv`, wherever it stands: the
    language must be set before any message (help texts included) is worded.

    Returns the last code given (None when there is none) and the other arguments.

    Raises:
        UsageError: `--lang` without a code.
    """
    code: str | None = None
    rest: list[str] = []
    words = iter(argv)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--lang":
            code = next(words, None)
            if code is None or code.startswith("-"):
                raise UsageError(_(LANGUAGE_NEEDED))
        elif word.startswith("--lang="):
            code = word.removeprefix("--lang=")
        else:
            rest.append(word)
    return code, rest


def apply_language(code: str | None) -> None:
    """Translate into `code` from now on; None leaves LANGUAGE/LC_ALL/LC_MESSAGES/LANG to
    decide. Raises UsageError (one line) for a language without catalogs."""
    if code is None:
        return
    try:
        set_language(code)
    except ValueError:
        languages = ", ".join(available_languages())
        raise UsageError(_(UNKNOWN_LANGUAGE).format(code=code, languages=languages)) from None


def usage_error(error: UsageError) -> int:
    print(_(ERROR).format(message=error), file=sys.stderr)
    return EXIT_USAGE


def build_parser() -> argparse.ArgumentParser:
    ids = ", ".join(exercise.id for exercise in EXERCISES)
    parser = OneLineParser(
        prog="grade",
        description=_(
            "Grade Module 07 exercises in isolated processes. Other verbs: "
            "`grade progress` (completion checklist), `grade release` (nbgrader course), "
            "`grade batch` (a whole class), `grade gradescope` (autograder bundle), "
            "`grade rubric` (the module's rubric rows), `grade edition` (the student edition)."
        ),
        epilog=_("Targets: all, {weeks}, or exercise ids: {ids}.").format(
            weeks=", ".join(WEEKS), ids=ids
        ),
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help=_("week, exercise id, or all"))
    parser.add_argument(
        "--submission", type=Path, default=None,
        help=_("directory laid out like exercises/, one exercise module, or a notebook "
               "(default: the workbook's exercises/)"),
    )  # fmt: skip
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help=_("how to print the report")
    )
    parser.add_argument("--seed", type=int, default=None, help=_("reproduce a run's inputs"))
    parser.add_argument(
        "--timeout", type=float, default=None,
        help=_("seconds per exercise (default: 10, longer for training tasks)"),
    )  # fmt: skip
    parser.add_argument(
        "--memory", type=float, default=None, metavar="GIB",
        help=_("memory cap per exercise in GiB (default: 2; 6 for the PyTorch CNN)"),
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=None, help=_("exercises graded at once"))
    add_language_argument(parser)
    return parser


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    """`--lang`, for the help text: main() has taken it out of the arguments already."""
    languages = ", ".join(available_languages())
    parser.add_argument(
        "--lang", metavar="CODE",
        help=_("language of the messages: {languages} (default: from LANGUAGE, LC_ALL, "
               "LC_MESSAGES or LANG)").format(languages=languages),
    )  # fmt: skip


def build_progress_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade progress",
        description=_(
            "Print the module's completion checklist, ticked where grading, mypy and "
            "pytest prove it. Results are cached: a second run with nothing changed is instant."
        ),
    )
    parser.add_argument("--submission", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tick", type=int, nargs="+", default=[], metavar="N",
        help=_("tick self-assessed items by their number in the checklist"),
    )  # fmt: skip
    parser.add_argument(
        "--untick", type=int, nargs="+", default=[], metavar="N", help=_("take ticks back")
    )
    parser.add_argument(
        "--details", action="store_true", help=_("show mypy's and pytest's findings in full")
    )
    add_language_argument(parser)
    return parser


def progress_command(argv: Sequence[str]) -> int:
    args = build_progress_parser().parse_args(argv)
    from grader.progress import progress, render_details, render_progress, tick, ticks_file

    try:
        ticks = ticks_file(args.submission)
        if args.tick or args.untick:
            for numbers, ticked in ((args.tick, True), (args.untick, False)):
                if numbers:
                    tick(ticks, numbers, ticked)
        found = progress(args.submission, args.seed)
    except UsageError as error:
        return usage_error(error)
    print(render_details(found) if args.details else render_progress(found))
    return EXIT_PASSED


def instructor_command(name: str) -> Callable[[Sequence[str]], int]:
    """The instructor verbs live in their own modules, imported only when used."""
    module = importlib.import_module(f"grader.{name}")
    command: Callable[[Sequence[str]], int] = module.command
    return command


SUBCOMMANDS = ("release", "batch", "gradescope", "rubric", "edition")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        code, argv = take_language(argv)
        apply_language(code)
    except UsageError as error:
        return usage_error(error)
    if argv[:1] == ["progress"]:
        return progress_command(argv[1:])
    if argv[:1] and argv[0] in SUBCOMMANDS:
        return instructor_command(argv[0])(argv[1:])
    args = build_parser().parse_args(argv)
    from grader.grade import GradingInterrupted, grade

    try:
        report = grade(
            args.targets, args.submission, args.seed, args.timeout, args.jobs, args.memory
        )
    except UsageError as error:
        return usage_error(error)
    except GradingInterrupted as stop:
        # The children are already stopped: show what was graded, then leave.
        if stop.report is not None:
            print_report(stop.report, args.format)
        print(_(INTERRUPTED), file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print(_(INTERRUPTED), file=sys.stderr)
        return EXIT_INTERRUPTED
    print_report(report, args.format)
    return EXIT_PASSED if report.passed else EXIT_FAILED


def print_report(report: Report, output_format: str) -> None:
    from grader.report import render_text, to_gradescope

    if output_format == "json":
        print(json.dumps(to_gradescope(report), indent=2))
    else:
        print(render_text(report, color=sys.stdout.isatty()))


if __name__ == "__main__":
    sys.exit(main())
