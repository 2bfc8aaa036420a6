"""The reference solutions, as the check suites see them.

Checks never import `solutions` themselves: they ask for a reference module here, by
its dotted name inside a submission (``"week17.ex7_3_softmax"``). In the full workbook
that is the module of `solutions/`. In the student edition, which ships without
`solutions/`, it is a replay of the reference's recorded answers
(`grader.checks.replay`), so the visible checks still run there.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


def reference(module: str) -> Any:
    """The reference module for `module` ("week18.ex7_4_backprop"), or its recorded replay.

    Returns a real module in the full workbook; the student edition gets a stand-in that
    answers the calls the visible checks make with the values recorded when it was built.
    """
    from grader.checks.replay import recording_reference, replay_module

    try:
        found: ModuleType = importlib.import_module(f"solutions.{module}")
        return recording_reference(module, found)
    except ModuleNotFoundError as error:
        week = module.split(".")[0]
        if error.name not in ("solutions", f"solutions.{week}", f"solutions.{module}"):
            raise
    return replay_module(module)
