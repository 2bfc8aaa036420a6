"""The process table as /proc shows it: tasks, their descendants, the grader's own ancestors
(never signalled) and the HOME marker in a process's environment."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    """One line of the process table (from /proc/PID/stat)."""

    pid: int
    ppid: int
    pgid: int
    sid: int
    zombie: bool
    threads: int
    start: int


def read_task(pid: int) -> Task | None:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields start after the last ")".
    fields = data.rpartition(b")")[2].split()
    try:
        return Task(
            pid, int(fields[1]), int(fields[2]), int(fields[3]), fields[0] in (b"Z", b"X"),
            int(fields[17]), int(fields[19]),
        )  # fmt: skip
    except (IndexError, ValueError):
        return None


def process_table() -> dict[int, Task]:
    table: dict[int, Task] = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for entry in entries:
        if entry.isdigit():
            task = read_task(int(entry))
            if task is not None:
                table[task.pid] = task
    return table


def descendants(table: dict[int, Task], root: int) -> set[int]:
    """`root` and every process below it (by parent pid), zombies included."""
    children: dict[int, list[int]] = {}
    for task in table.values():
        children.setdefault(task.ppid, []).append(task.pid)
    found = {root} if root in table else set()
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def protected_pids() -> set[int]:
    """This process and its ancestors: never signalled, whatever a table says."""
    pids = {0, 1, os.getpid()}
    pid = os.getppid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        task = read_task(pid)
        pid = task.ppid if task is not None else 0
    return pids


def environ_has(pid: int, marker: bytes) -> bool:
    try:
        with open(f"/proc/{pid}/environ", "rb") as handle:
            return marker in handle.read()
    except OSError:
        return False
