"""The environment a child runs with: its HOME (the marker by which the grader finds every
process it starts) and TMPDIR inside its work directory, single-threaded BLAS, no bytecode."""

from __future__ import annotations

import os
from pathlib import Path


def child_environment(workdir: Path) -> dict[str, str]:
    """A small, predictable environment: HOME and temp inside the work directory."""
    tmp = workdir / "tmp"
    tmp.mkdir(exist_ok=True)
    return environment(str(workdir), str(tmp))


def environment(home: str, tmp: str) -> dict[str, str]:
    """A child's environment (and its zygote's, with placeholders for HOME and TMPDIR)."""
    keep = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL") if key in os.environ}
    return {
        **keep,
        "HOME": home,
        "TMPDIR": tmp,
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    }
