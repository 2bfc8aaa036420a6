"""Containment: no process outlives its exercise. `Containment` counts and kills everything
one worker's child starts (cgroup, process tree, session, HOME marker); `remove_tree`
removes its work directory; `containment_mode` says how this machine does it."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grader.isolation import cgroups
from grader.isolation.procfs import (
    Task,
    descendants,
    environ_has,
    process_table,
    protected_pids,
    read_task,
)
from grader.isolation.sandbox import sandbox_mode
from grader.isolation.zygote import Child, zygote_mode


def containment_mode() -> str:
    """How this machine starts, bounds, sandboxes and ends a worker's processes, in one line."""
    directory, reason = cgroups.cgroup_parent()
    if directory is not None:
        processes = (
            f"{reason}: the kernel caps each exercise's processes; all are killed at its end"
        )
    else:
        nproc = "RLIMIT_NPROC and " if os.geteuid() != 0 else ""
        processes = (
            f"no pids cgroup ({reason}): each exercise's processes are capped by {nproc}the "
            "grader's count of the child's process tree; all are killed at its end"
        )
    return f"{processes}; {sandbox_mode()}; {zygote_mode()}"


class Containment:
    """Counts and ends every process that one worker's child starts.

    Members are found four ways, so that leaving one doesn't mean escaping: the cgroup
    (when there is one), the child's process tree (the child is a subreaper), its
    session and process group, and the worker's HOME in a process's environment.
    """

    def __init__(self, limit: int, workdir: Path) -> None:
        self.limit = limit
        self.marker = f"HOME={workdir}\0".encode()
        self.cgroup = cgroups.make_cgroup(limit)
        self.pid = 0
        self.seen: dict[int, int] = {}  # pid -> start time, for the count without a cgroup
        self.over = False
        self.known: dict[int, tuple[int, int]] = {}  # every pid in /proc -> (ppid, start)
        self.protected = protected_pids()
        self.reaped = False
        self.lock = threading.Lock()

    def child_argument(self) -> str:
        return str(self.cgroup / "cgroup.procs") if self.cgroup is not None else "-"

    def attach(self, pid: int) -> None:
        """Note the child, and move it into the cgroup from here too (it also joins on its
        own before any student code runs): if neither can, count instead."""
        self.pid = pid
        if self.cgroup is not None:
            try:
                (self.cgroup / "cgroup.procs").write_text(str(pid))
            except OSError:
                self.drop_cgroup()

    def confirm(self) -> None:
        """Once the child runs: is anything in its cgroup? If not, count instead."""
        if self.cgroup is not None and not self.cgroup_members():
            self.drop_cgroup()

    def cgroup_members(self) -> set[int]:
        if self.cgroup is None:
            return set()
        try:
            text = (self.cgroup / "cgroup.procs").read_text()
        except OSError:
            return set()
        return {int(pid) for pid in text.split() if pid.isdigit()}

    def exceeded(self) -> bool:
        """Has the child's code tried to run more processes than the limit?"""
        if self.over or self.limit <= 0:
            return self.over
        if self.cgroup is not None:
            try:
                events = (self.cgroup / "pids.events").read_text().split()
                self.over = int(events[events.index("max") + 1]) > 0
            except (OSError, ValueError, IndexError):
                pass
            return self.over
        self.over = self.count() >= self.limit
        return self.over

    def count(self) -> int:
        """Processes and threads in the child's tree now (without a cgroup).

        Cheap enough to run after every answer: only processes new since the last count
        have their parent looked up. A process once in the tree stays counted while it
        lives (the child is a subreaper, so its orphans stay below it anyway).
        """
        try:
            pids = {int(entry) for entry in os.listdir("/proc") if entry.isdigit()}
        except OSError:
            return 0
        for pid in set(self.known) - pids:
            del self.known[pid]
        new = sorted(pids - set(self.known))
        for pid in new:
            task = read_task(pid)
            if task is not None:
                self.known[pid] = (task.ppid, task.start)
        if self.pid in self.known:
            self.seen.setdefault(self.pid, self.known[self.pid][1])
        members = {p for p, start in self.seen.items() if self.known.get(p, (0, -1))[1] == start}
        grown = True
        while grown:
            grown = False
            for pid in new:
                if pid not in members and pid in self.known and self.known[pid][0] in members:
                    members.add(pid)
                    self.seen[pid] = self.known[pid][1]
                    grown = True
        tasks = (read_task(pid) for pid in members)
        return sum(task.threads for task in tasks if task is not None and not task.zombie)

    def tree(self, table: dict[int, Task]) -> set[int]:
        members: set[int] = set()
        # Once the child is reaped its pid may be reused: then only the start times count.
        if self.pid and not self.reaped:
            members = descendants(table, self.pid)
            members.update(p for p, t in table.items() if self.pid in (t.sid, t.pgid))
        for pid, start in self.seen.items():
            if pid in table and table[pid].start == start:
                members.add(pid)
        return members

    def members(self, table: dict[int, Task], environ: bool) -> set[int]:
        """Live processes to kill: cgroup, tree, session; with `environ`, the HOME marker."""
        found = self.cgroup_members() | self.tree(table)
        if environ:
            found.update(pid for pid in table if environ_has(pid, self.marker))
        return {p for p in found if p in table and not table[p].zombie} - self.protected

    def kill_all(self, process: Child | None, rounds: int = 200) -> None:
        """SIGKILL every member, again and again, until none is left; then reap the child.

        The child is reaped last: until then its pid, session and group ids cannot be
        reused by an unrelated process. Safe to call from several threads, and again.
        """
        with self.lock:
            swept = False
            for attempt in range(rounds):
                table = process_table()
                victims = self.members(table, environ=False)
                if not victims:
                    if swept:
                        break
                    victims = self.members(table, environ=True)  # a last, wider look
                    swept = True
                    if not victims:
                        break
                # Children before their parent: the subreaper holds its tree meanwhile.
                for pid in sorted(victims, key=lambda pid: pid == self.pid):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
                time.sleep(min(0.001 * (attempt + 1), 0.02))
            if process is not None:
                try:
                    process.wait(timeout=5.0)
                    self.reaped = True
                except subprocess.TimeoutExpired:
                    pass

    def drop_cgroup(self) -> None:
        if self.cgroup is not None:
            cgroups.remove_cgroup(self.cgroup)
            self.cgroup = None

    def close(self) -> None:
        self.drop_cgroup()


def remove_tree(path: Path) -> None:
    """Remove a work directory, whatever modes the student's code left on it."""

    def make_writable(function: Callable[..., Any], name: str, _: Any) -> None:
        try:
            parent = os.path.dirname(name)
            os.chmod(parent, stat.S_IRWXU)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, stat.S_IRWXU)
            function(name)
        except OSError:
            pass

    shutil.rmtree(path, onerror=make_writable)
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
