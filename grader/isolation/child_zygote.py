"""The zygote (the fork server's own side): load once, then fork one child per request; each
forked child first becomes what `python -m grader.isolation.child` would have been, then
runs the same sequence (`child_serve.run`). The grader's side is `grader.isolation.zygote`."""

from __future__ import annotations

import ctypes
import gc
import importlib
import json
import os
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from grader.isolation.child_serve import run
from grader.isolation.landlock import threads

ZYGOTE_FLAG = "--zygote"
# A forked child that could not become a child (before any student code): its exit status.
FORK_SETUP_FAILED = 121
MAX_CONTROL_MESSAGE = 1 << 22
# The file `python -m grader.isolation.child` runs: a spawned child's sys.argv[0].
CHILD_ENTRY = Path(__file__).with_name("child.py")


def zygote(control_fd: int, preload: list[str]) -> None:
    """Load once, then fork a child per request until the grader closes CONTROL_FD.

    Requests (JSON, one per datagram): {"op": "fork", "cwd", "env", "args"} with the child's
    request, response, stack and output pipes attached, answered {"pid"}; {"op": "status",
    "pid", "reap"}, answered {"running", "code"}. A child stays a zombie until the grader
    asks to reap it, so its pid cannot be reused while the grader still kills by it.
    """
    control = socket.socket(fileno=control_fd)
    loaded = [name for name in preload if preloaded(name)]
    start_dir = os.getcwd()
    # Objects that exist now are never collected in a child: their pages stay shared.
    gc.freeze()
    slot = home_slot()
    why = fork_unsafe(slot)
    control.send(json.dumps({"ready": not why, "why": why, "loaded": loaded}).encode())
    if why or slot is None:
        return
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, MAX_CONTROL_MESSAGE, 4)
        except OSError:
            return
        if not data:
            return  # the grader is gone; its children end on their own (EOF on their pipe)
        request = json.loads(data)
        if request["op"] == "fork" and len(fds) == 4:
            pid = os.fork()
            if pid == 0:
                become_child(control, fds, request, slot, start_dir)
            for fd in fds:
                os.close(fd)
            reply: dict[str, Any] = {"pid": pid}
        elif request["op"] == "status":
            for fd in fds:
                os.close(fd)
            reply = child_status(int(request["pid"]), bool(request.get("reap")))
        else:
            for fd in fds:
                os.close(fd)
            reply = {"error": f"unknown request {request.get('op')!r}"}
        control.send(json.dumps(reply).encode())


def preloaded(name: str) -> bool:
    """Import `name` in the zygote (a child imports it again, for free); False if it fails:
    then the child imports it itself, as a spawned child would."""
    try:
        importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a missing or broken optional package: no preload
        return False
    return True


def home_slot() -> tuple[int, int] | None:
    """Where `HOME=...` lies in this process's environment block: (address, length).

    /proc/PID/environ shows that block, not `os.environ`. A spawned child's block names its
    HOME, and so does the block of every process it forks; the grader finds and kills
    them by it. A forked child writes its HOME over the zygote's (a long placeholder), so
    that the marker is there for it and its descendants, as it would be after a spawn.
    """
    home = os.environ.get("HOME", "")
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rpartition(b")")[2].split()
        start, end = int(fields[47]), int(fields[48])  # env_start, env_end (fields 50, 51)
        block = ctypes.string_at(start, end - start)
    except (OSError, ValueError, IndexError):
        return None
    entry = f"HOME={home}".encode()
    at = block.find(b"\0" + entry + b"\0")
    at = at + 1 if at >= 0 else (0 if block.startswith(entry + b"\0") else -1)
    return (start + at, len(entry)) if home and at >= 0 else None


def fork_unsafe(slot: tuple[int, int] | None) -> str:
    """Why children must not be forked from this process ("" when they may)."""
    if slot is None:
        return "no HOME placeholder found in the zygote's environment block"
    running = threads()
    if running > 1:
        return f"the zygote runs {running} threads after its imports (forking would copy locks)"
    return ""


def child_status(pid: int, reap: bool) -> dict[str, Any]:
    """Whether a forked child still runs, and its exit status once it doesn't (negative: a
    signal); reaped only when asked, else it stays a zombie. {"running": False, "code":
    None} when it is not (or no longer) our child."""
    flags = os.WEXITED | os.WNOHANG | (0 if reap else os.WNOWAIT)
    try:
        info = os.waitid(os.P_PID, pid, flags)
    except ChildProcessError:
        return {"running": False, "code": None}
    if info is None or not info.si_pid:
        return {"running": True, "code": None}
    code = info.si_status if info.si_code == os.CLD_EXITED else -info.si_status
    return {"running": False, "code": code}


def become_child(
    control: socket.socket, fds: list[int], request: dict[str, Any], slot: tuple[int, int],
    start_dir: str,
) -> NoReturn:  # fmt: skip
    """In the forked process: become what `python -m grader.isolation.child ARGS` would be
    in its working directory, then `run` (never returns to the zygote's loop)."""
    try:
        control.close()  # the student's code must never talk to the zygote
        request_fd, response_fd, stack_fd, output_fd = fds
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(output_fd, 1)
        os.dup2(output_fd, 2)
        close_fds_except({0, 1, 2, request_fd, response_fd, stack_fd})
        for fd in (request_fd, response_fd, stack_fd):
            os.set_inheritable(fd, True)  # as subprocess's pass_fds leaves them
        cwd = request["cwd"]
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(request["env"])
        mark_home(slot, request["env"]["HOME"])
        args = [str(request_fd), str(response_fd), str(stack_fd), *request["args"]]
        sys.argv = [str(CHILD_ENTRY.resolve()), *args]
        if sys.path and sys.path[0] == start_dir:
            sys.path[0] = cwd  # `python -m` puts its working directory first
        tempfile.tempdir = None  # TMPDIR is the child's now, not the zygote's
        np.random.seed()  # NumPy's global generator: fresh entropy, as after a spawn
    except BaseException:  # noqa: BLE001 - nothing may return into the zygote's loop
        os._exit(FORK_SETUP_FAILED)
    run(args)


def close_fds_except(keep: set[int]) -> None:
    low = 0
    for fd in sorted(keep):
        if fd > low:
            os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, max(low + 1, os.sysconf("SC_OPEN_MAX")))


def mark_home(slot: tuple[int, int], home: str) -> None:
    """Write `HOME=home` over the zygote's placeholder in the environment block."""
    address, length = slot
    entry = f"HOME={home}".encode()
    if len(entry) > length:
        raise ValueError("HOME is longer than the zygote's placeholder")
    ctypes.memmove(address, entry + b"\0" * (length - len(entry)), length)
