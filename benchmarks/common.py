"""Shared helpers of the benchmarks: timing, load averages, the machine's description."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def load() -> str:
    """The 1, 5 and 15 minute load averages, as `uptime` prints them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def timed(argv: Sequence[str], cwd: Path | None = None, check: bool = True) -> float:
    """Run a command, return its wall time in seconds."""
    path = os.pathsep.join([str(BIN), os.environ.get("PATH", "")])
    start = time.perf_counter()
    done = subprocess.run(
        list(argv),
        cwd=cwd,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        check=False,
        start_new_session=True,  # its own process group: a cleanup can't reach us
    )
    seconds = time.perf_counter() - start
    if check and done.returncode not in (0, 1):  # `grade` exits 1 when a check fails
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds


def best_of(function: Callable[[], object], repeat: int, number: int = 1) -> float:
    """Median seconds of one call over `repeat` rounds of `number` calls (after a warm-up)."""
    function()
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            function()
        rounds.append((time.perf_counter() - start) / number)
    return statistics.median(rounds)


def grade_command() -> list[str]:
    """The `grade` console script of this interpreter (or `python -m grader.cli`)."""
    script = BIN / "grade"
    return [str(script)] if script.exists() else [sys.executable, "-m", "grader.cli"]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return float("nan")


def machine() -> dict[str, Any]:
    """Cores, CPU model, memory and the versions that matter."""
    import numpy as np

    info: dict[str, Any] = {
        "cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "cpu": cpu_model(),
        "memory_gib": round(memory_gib(), 1),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "os": platform.platform(),
    }
    try:
        from threadpoolctl import threadpool_info

        blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if blas:
            info["blas"] = f"{blas[0]['internal_api']} {blas[0]['version']}"
            info["blas_threads"] = blas[0]["num_threads"]
    except ImportError:
        pass
    for name in ("torch", "nbgrader"):
        try:
            module = __import__(name)
            info[name] = module.__version__
        except ImportError:
            info[name] = "not installed"
    return info
