"""`grade`: the command line. It parses arguments and calls grader.grade; nothing more."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from grader.registry import EXERCISES, WEEKS, UsageError

if TYPE_CHECKING:
    from grader.report import Report

# Start-up is part of every run's wall time, so what a verb needs is imported when it runs:
# `grade --help` and a usage error need no NumPy, grading needs no progress checklist, and
# the instructor verbs (nbgrader, Dask, Gradescope) load only when named.

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Ctrl-C: the shell's status for a command ended by SIGINT (128 + 2).
EXIT_INTERRUPTED = 130


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"grade: error: {message} (see grade --help)\n")


def build_parser() -> argparse.ArgumentParser:
    ids = ", ".join(exercise.id for exercise in EXERCISES)
    parser = OneLineParser(
        prog="grade",
        description="Grade Module 07 exercises in isolated processes. Other verbs: "
        "`grade progress` (completion checklist), `grade release` (nbgrader course), "
        "`grade batch` (a whole class), `grade gradescope` (autograder bundle), "
        "`grade rubric` (the module's rubric rows), `grade edition` (the student edition).",
        epilog=f"Targets: all, {', '.join(WEEKS)}, or exercise ids: {ids}.",
    )
    parser.add_argument("targets", nargs="+", metavar="TARGET", help="week, exercise id, or all")
    parser.add_argument(
        "--submission", type=Path, default=None,
        help="directory laid out like exercises/, one exercise module, or a notebook "
        "(default: the workbook's exercises/)",
    )  # fmt: skip
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--seed", type=int, default=None, help="reproduce a run's inputs")
    parser.add_argument(
        "--timeout", type=float, default=None,
        help="seconds per exercise (default: 10, longer for training tasks)",
    )  # fmt: skip
    parser.add_argument(
        "--memory", type=float, default=None, metavar="GIB",
        help="memory cap per exercise in GiB (default: 2; 6 for the PyTorch CNN)",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=None, help="exercises graded at once")
    return parser


def build_progress_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="grade progress",
        description="Print the module's completion checklist, ticked where grading, mypy and "
        "pytest prove it. Results are cached: a second run with nothing changed is instant.",
    )
    parser.add_argument("--submission", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--tick", type=int, nargs="+", default=[], metavar="N",
        help="tick self-assessed items by their number in the checklist",
    )  # fmt: skip
    parser.add_argument(
        "--untick", type=int, nargs="+", default=[], metavar="N", help="take ticks back"
    )
    parser.add_argument(
        "--details", action="store_true", help="show mypy's and pytest's findings in full"
    )
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
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
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
        print(f"grade: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except GradingInterrupted as stop:
        # The children are already stopped: show what was graded, then leave.
        if stop.report is not None:
            print_report(stop.report, args.format)
        print("grade: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("grade: interrupted", file=sys.stderr)
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
