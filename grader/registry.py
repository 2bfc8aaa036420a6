"""The exercises the grader knows, in workbook order, read from their specs.

Each exercise is declared once, in ``grader/checks/<suite>/spec.py`` (see
`grader.checks.spec.Spec`); the week notebooks' layouts (`workbook.content`) place them, and
that order is the workbook's order here. Nothing else lists exercise ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from grader.checks.spec import Spec
from grader.i18n import _
from workbook.content import WEEK_LAYOUTS


class UsageError(Exception):
    """The user asked for something that doesn't exist (a target, a path)."""


WEEKS: tuple[str, ...] = tuple(layout.week for layout in WEEK_LAYOUTS)
EXERCISES: tuple[Spec, ...] = tuple(spec for layout in WEEK_LAYOUTS for spec in layout.exercises)
BY_ID: dict[str, Spec] = {spec.id: spec for spec in EXERCISES}


def resolve_targets(targets: Sequence[str]) -> list[Spec]:
    """Expand weeks, ids and "all" into exercises, in workbook order, without repeats.

    Raises:
        UsageError: a target names no week and no exercise.
    """
    chosen: set[str] = set()
    for target in targets:
        if target == "all":
            chosen.update(BY_ID)
        elif target in WEEKS:
            chosen.update(e.id for e in EXERCISES if e.week == target)
        elif target in BY_ID:
            chosen.add(target)
        else:
            known = ", ".join(["all", *WEEKS, *BY_ID])
            raise UsageError(
                _("unknown target {target!r}; choose from {known}").format(
                    target=target, known=known
                )
            )
    return [exercise for exercise in EXERCISES if exercise.id in chosen]
