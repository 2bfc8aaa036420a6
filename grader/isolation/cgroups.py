"""Pids cgroups: find where this machine lets the grader make one per worker (v2 or v1), make
it with its process limit, and remove it (and those that killed graders left behind)."""

from __future__ import annotations

import errno
import functools
import itertools
import os
import re
import secrets
import time
from pathlib import Path

# Set GRADER_CGROUPS=0 to count processes without cgroups (the fallback, e.g. for testing).
CGROUPS_VARIABLE = "GRADER_CGROUPS"


@functools.cache
def cgroup_parent() -> tuple[Path | None, str]:
    """The directory under which a pids cgroup per worker can be made, or None and why not."""
    if os.environ.get(CGROUPS_VARIABLE, "1") == "0":
        return None, f"{CGROUPS_VARIABLE}=0"
    try:
        memberships = Path("/proc/self/cgroup").read_text(encoding="utf-8").splitlines()
        mounts = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError as error:
        return None, f"cannot read /proc/self/cgroup: {error.strerror}"
    reasons: list[str] = []
    for directory, version in cgroup_candidates(memberships, mounts):
        reason = probe_cgroup(directory, version)
        if not reason:
            sweep_stale_cgroups(directory)
            return directory, f"pids cgroup {version} under {directory}"
        reasons.append(reason)
    return None, "; ".join(reasons) or "no pids cgroup controller is mounted"


def cgroup_candidates(memberships: list[str], mounts: list[str]) -> list[tuple[Path, str]]:
    """Our own cgroup directory in each hierarchy that has the pids controller (v2 first)."""
    ours: dict[str, str] = {}
    for line in memberships:
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(",") if parts[1] else [""]:
                ours[controller] = parts[2]
    found: list[tuple[Path, str]] = []
    for line in mounts:
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        root, mountpoint, kind, options = fields[3], fields[4], tail[0], tail[2].split(",")
        if kind == "cgroup2" and "" in ours:
            relative = os.path.relpath(ours[""], root)
            found.insert(0, (Path(mountpoint, relative).resolve(), "v2"))
        elif kind == "cgroup" and "pids" in options and "pids" in ours:
            relative = os.path.relpath(ours["pids"], root)
            found.append((Path(mountpoint, relative).resolve(), "v1"))
    return found


def probe_cgroup(directory: Path, version: str) -> str:
    """Why a pids cgroup cannot be made under `directory` ("" when it can)."""
    if version == "v2":
        try:
            available = (directory / "cgroup.controllers").read_text().split()
            controllers = (directory / "cgroup.subtree_control").read_text().split()
        except OSError as error:
            return f"cgroup v2 {directory}: {error.strerror}"
        if "pids" not in available:
            return f"cgroup v2 {directory}: no pids controller"
        if "pids" not in controllers:
            try:
                (directory / "cgroup.subtree_control").write_text("+pids")
            except OSError as error:
                return f"cgroup v2 {directory}: pids not enabled for subgroups ({error.strerror})"
    probe = directory / f"grade-{os.getpid()}-probe-{secrets.token_hex(3)}"
    try:
        probe.mkdir()
    except OSError as error:
        return f"cgroup {version} {directory}: {error.strerror}"
    try:
        (probe / "pids.max").write_text("8")
        (probe / "pids.events").read_text()
    except OSError as error:
        return f"cgroup {version} {directory}: no pids limit ({error.strerror})"
    finally:
        remove_cgroup(probe, tries=1)
    return ""


STALE = re.compile(r"^grade-(\d+)-")


def sweep_stale_cgroups(directory: Path) -> None:
    """Remove the empty cgroups left by graders that were killed before cleaning up."""
    try:
        entries = list(directory.iterdir())
    except OSError:
        return
    for entry in entries:
        match = STALE.match(entry.name)
        if match and not Path(f"/proc/{match.group(1)}").exists():
            remove_cgroup(entry, tries=1)


def remove_cgroup(path: Path, tries: int = 50) -> None:
    for attempt in range(tries):
        try:
            path.rmdir()
            return
        except FileNotFoundError:
            return
        except OSError as error:
            if error.errno != errno.EBUSY or attempt == tries - 1:
                return
            time.sleep(0.01)


_cgroup_names = itertools.count()


def make_cgroup(limit: int) -> Path | None:
    parent, _ = cgroup_parent()
    if parent is None or limit <= 0:
        return None
    path = parent / f"grade-{os.getpid()}-{next(_cgroup_names)}-{secrets.token_hex(3)}"
    try:
        path.mkdir()
        (path / "pids.max").write_text(str(limit))
    except OSError:
        remove_cgroup(path, tries=1)
        return None
    return path
