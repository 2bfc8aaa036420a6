"""Shared fixtures: building submission trees from the reference solutions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from grader.checks.spec import Spec
from workbook.paths import SOLUTIONS
from workbook.regions import strip_markers

GOLDEN = Path(__file__).parent / "golden"


def reference_source(exercise: Spec) -> str:
    """The reference module of `exercise`, without region markers."""
    return strip_markers((SOLUTIONS / exercise.path).read_text(encoding="utf-8"))


def write_submission(root: Path, exercise: Spec, source: str) -> Path:
    """Write `source` as the student's module of `exercise` under `root`."""
    target = root / exercise.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    return root


@pytest.fixture
def submission_root(tmp_path: Path) -> Path:
    root = tmp_path / "submission"
    root.mkdir()
    return root


@pytest.fixture(scope="module")
def one_torch_thread() -> Iterator[None]:
    """Run a module's torch work on one thread, then give torch its setting back.

    The tensors in these tests are tiny: one thread is as fast as two, and cannot spin-wait
    against other processes (the grader's workers) on a busy 2-core machine. A module opts in
    with ``pytestmark = pytest.mark.usefixtures("one_torch_thread")``; torch is imported
    only then.
    """
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
