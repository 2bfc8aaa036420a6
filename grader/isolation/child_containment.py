"""The child's own side of containment, before any student code runs: join the process-limit
cgroup, become a child subreaper, cap memory, core dumps and (without a cgroup) the user's
processes; and, when the grader is gone, kill everything below the child."""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import time

PR_SET_CHILD_SUBREAPER = 36
NPROC_SLACK = 16


def set_limits(memory_bytes: int) -> None:
    """Cap memory and core dumps before any student code runs (soft and hard)."""
    if memory_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def contain(processes: int, cgroup_procs: str) -> None:
    """Put this process under the process limit and make it the reaper of its orphans.

    With a cgroup the kernel enforces the limit on this process and everything it starts,
    however they detach. Without one, a user other than root gets RLIMIT_NPROC (it counts
    all of the user's processes, so the cap is what runs now, plus `processes`, plus some
    slack); root ignores RLIMIT_NPROC, and the grader's own count stops a fork bomb then.
    """
    if cgroup_procs != "-":
        try:
            with open(cgroup_procs, "w", encoding="ascii") as handle:
                handle.write(str(os.getpid()))
        except OSError:
            pass  # the grader checks membership and falls back to counting
    become_subreaper()
    if cgroup_procs == "-" and processes > 0 and os.geteuid() != 0:
        cap_user_processes(processes)


def become_subreaper() -> None:
    """Orphans of our descendants (double fork, setsid) reparent to us, not to init."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def cap_user_processes(processes: int) -> None:
    """The kernel's backstop for a user other than root: what the user runs now, plus the
    limit, plus some slack for other exercises starting meanwhile (the grader's own count
    stops a bomb at the limit; this only makes sure it stops)."""
    running = user_tasks(os.getuid())
    _, hard = resource.getrlimit(resource.RLIMIT_NPROC)
    cap = running + processes + NPROC_SLACK
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    try:
        resource.setrlimit(resource.RLIMIT_NPROC, (cap, cap))
    except (ValueError, OSError):
        pass


def user_tasks(uid: int) -> int:
    """How many tasks (threads included, as RLIMIT_NPROC counts them) `uid` runs now."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError, IndexError):
            continue
    return total


def kill_descendants() -> None:
    """SIGKILL every process below this one (a subreaper: orphans are below it too)."""
    for _ in range(20):
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rpartition(b")")[2].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
        found: list[int] = []
        todo = [os.getpid()]
        while todo:
            for pid in children.get(todo.pop(), []):
                found.append(pid)
                todo.append(pid)
        if not found:
            return
        for pid in found:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.01)
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
