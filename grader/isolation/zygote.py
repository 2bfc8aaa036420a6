"""The grader's side of the fork server: one zygote per kind of exercise (`Zygote`), the
children it forks as the grader sees them (`ForkedChild`), and this process's zygotes
(`zygote_for`, `zygote_mode`, `close_zygotes`). The zygote itself runs
`grader.isolation.child_zygote`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from grader.isolation.environment import environment
from grader.isolation.procfs import read_task
from grader.isolation.protocol import one_line

# Set GRADER_ZYGOTE=0 to spawn every child instead of forking it from a zygote.
ZYGOTE_VARIABLE = "GRADER_ZYGOTE"
# The zygote's HOME: a placeholder that each forked child overwrites with its own HOME in
# its environment block (where /proc/PID/environ reads it), so it must be the longest.
ZYGOTE_HOME = "/nonexistent-grader-zygote" + "/" * 998
# Longest wait for a zygote to load (the PyTorch one takes seconds on a busy machine);
# meanwhile, and if it never answers, children are spawned.
ZYGOTE_START_SECONDS = 60.0
# Longest wait for the zygote to answer a request (a fork takes milliseconds).
ZYGOTE_REPLY_SECONDS = 30.0


class Zygote:
    """A process that has the interpreter, NumPy and the child side loaded (and `preload`),
    and forks each child on request (`grader.isolation.child_zygote.zygote`).

    It starts loading at once; the first fork waits for it. It never runs student code.
    Requests come from any worker thread, one at a time. If it cannot be used (it found
    threads after its imports, it died, it stopped answering), `why` says so and every
    child is spawned instead.
    """

    def __init__(self, preload: tuple[str, ...]) -> None:
        self.preload = preload
        self.lock = threading.Lock()
        self.owner = os.getpid()
        self.ready = False
        self.why = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [
            sys.executable, "-E", "-s", "-B", "-m", "grader.isolation.child",
            "--zygote", str(theirs.fileno()), *preload,
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(
                command,
                cwd="/",
                env=environment(ZYGOTE_HOME, "/nonexistent-grader-zygote"),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,  # Ctrl-C in the terminal is the grader's to handle
            )
        except OSError as error:
            self.fail(f"the zygote could not start ({error.strerror})")
        finally:
            theirs.close()

    def fork(self, fds: list[int], cwd: Path, env: dict[str, str], args: list[str],
             deadline: float) -> int | None:  # fmt: skip
        """Fork a child that runs `run([REQUEST_FD, RESPONSE_FD, STACK_FD, *args])` in `cwd`
        with `env`, given its request, response, stack and output pipes (in that order);
        its pid, or None when it must be spawned instead."""
        if len(env["HOME"]) > len(ZYGOTE_HOME):
            return None
        with self.lock:
            if not self.started(deadline):
                return None
            message = {"op": "fork", "cwd": str(cwd), "env": env, "args": args}
            reply = self.request(message, fds)
        pid = reply.get("pid") if reply else None
        return pid if isinstance(pid, int) and pid > 0 else None

    def status(self, pid: int, reap: bool = False) -> tuple[bool, int | None] | None:
        """(running, exit status) of a forked child; None when the zygote is gone."""
        with self.lock:
            reply = self.request({"op": "status", "pid": pid, "reap": reap}) if self.ready else None
        if reply is None:
            return None
        code = reply.get("code")
        return bool(reply.get("running")), code if isinstance(code, int) else None

    def started(self, deadline: float) -> bool:
        """Has the zygote loaded? Waits for it until `deadline` at most (lock held)."""
        if self.ready or self.why:
            return self.ready
        left = min(deadline - time.monotonic(), ZYGOTE_START_SECONDS)
        if left <= 0:
            return False
        try:
            self.control.settimeout(left)
            data = self.control.recv(1 << 16)
        except TimeoutError:
            return False  # still loading: this child is spawned, a later one may fork
        except OSError:
            data = b""
        try:
            hello = json.loads(data) if data else {}
        except ValueError:
            hello = {}
        if hello.get("ready") is True:
            self.ready = True
        else:
            self.fail(one_line(hello.get("why") or "the zygote died while loading", 200))
        return self.ready

    def request(
        self, message: dict[str, Any], fds: list[int] | None = None
    ) -> dict[str, Any] | None:
        """One request and its answer (lock held); None, and the zygote given up, on failure.

        Interrupted half-way (Ctrl-C), the answer would stay in the socket and be taken for
        the next request's: the zygote is given up then too.
        """
        try:
            self.control.settimeout(ZYGOTE_REPLY_SECONDS)
            socket.send_fds(self.control, [json.dumps(message).encode()], fds or [])
            data = self.control.recv(1 << 16)
            reply = json.loads(data) if data else None
        except (OSError, ValueError):
            reply = None
        except BaseException:
            self.fail("interrupted while it answered")
            raise
        if not isinstance(reply, dict):
            self.fail("the zygote stopped answering")
            return None
        return reply

    def fail(self, why: str) -> None:
        """Give the zygote up: every later child is spawned."""
        self.ready = False
        self.why = self.why or why
        self.close()

    def close(self) -> None:
        """End the zygote (it exits when its control socket closes); its children are not
        touched: each exits when its grader side closes its pipes."""
        self.control.close()
        if self.process is not None:
            try:
                self.process.wait(timeout=2.0)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ForkedChild:
    """A child forked by a zygote, as the grader sees it: what `subprocess.Popen` gives for a
    spawned child, except that its exit status comes from its parent, the zygote."""

    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote = zygote
        self.pid = pid
        self.returncode: int | None = None
        self.gone = False  # reaped, by the zygote or (once the zygote is gone) by init

    def exit_status(self) -> int | None:
        """The exit status (negative: a signal) once the child has ended, without reaping
        it; None while it runs, or when it cannot be known (the zygote is gone)."""
        if self.gone:
            return self.returncode
        status = self.zygote.status(self.pid)
        return None if status is None or status[0] else status[1]

    def poll(self) -> int | None:
        """Like Popen.poll: the exit status once the child has ended (and is reaped), else
        None; -1 for a child that ended after its zygote died (its status is lost)."""
        try:
            code = self.wait(timeout=0)
        except subprocess.TimeoutExpired:
            return None
        return -1 if code is None else code

    def wait(self, timeout: float) -> int | None:
        """Wait for the child to end and have the zygote reap it (like Popen.wait)."""
        end = time.monotonic() + timeout
        while not self.gone:
            status = self.zygote.status(self.pid)
            if status is None:
                # No zygote: the child is init's now, and its status is lost. Wait until
                # it has ended all the same.
                task = read_task(self.pid)
                self.gone = task is None or task.zombie
            elif not status[0]:
                reaped = self.zygote.status(self.pid, reap=True)
                self.returncode = status[1] if reaped is None else reaped[1]
                self.gone = True
            if not self.gone:
                if time.monotonic() >= end:
                    raise subprocess.TimeoutExpired(f"child {self.pid}", timeout)
                time.sleep(0.005)
        return self.returncode


Child = subprocess.Popen[bytes] | ForkedChild

_zygotes: dict[tuple[str, ...], Zygote] = {}
_zygotes_lock = threading.Lock()


def zygote_unsupported() -> str:
    """Why children cannot be forked from a zygote here ("" when they can)."""
    if os.environ.get(ZYGOTE_VARIABLE, "1") == "0":
        return f"{ZYGOTE_VARIABLE}=0"
    if sys.platform != "linux" or not hasattr(os, "fork") or not hasattr(socket, "send_fds"):
        return f"no fork server on {sys.platform}"
    return ""


def zygote_for(preload: tuple[str, ...] = ()) -> Zygote | None:
    """This process's zygote for children that use `preload` (started on first use), or
    None when children must be spawned."""
    if zygote_unsupported():
        return None
    with _zygotes_lock:
        zygote = _zygotes.get(preload)
        if zygote is None or zygote.owner != os.getpid():
            zygote = _zygotes[preload] = Zygote(preload)
    return None if zygote.why else zygote


def zygote_mode() -> str:
    """How children start here, in words (loads a plain zygote to find out)."""
    why = zygote_unsupported()
    zygote = zygote_for(())
    if zygote is not None:
        with zygote.lock:
            zygote.started(time.monotonic() + ZYGOTE_START_SECONDS)
    plain = _zygotes.get(())
    why = why or (plain.why if plain is not None else "")
    if why:
        return f"each child is spawned, not forked from a zygote ({why})"
    others = [
        f"children that use {', '.join(z.preload)} are spawned ({z.why})"
        for z in list(_zygotes.values())
        if z.preload and z.why
    ]
    return "; ".join([
        "each child is forked from a zygote that has Python, NumPy and the child side loaded "
        "(PyTorch too where the exercise uses it), then joins its cgroup and closes its "
        "sandbox itself",
        *others,
    ])  # fmt: skip


def close_zygotes() -> None:
    """End this process's zygotes (they end anyway when it exits)."""
    with _zygotes_lock:
        zygotes = [z for z in _zygotes.values() if z.owner == os.getpid()]
        _zygotes.clear()
    for zygote in zygotes:
        with zygote.lock:
            zygote.close()


# A process forked from this one (a test, a multiprocessing worker) must not share our
# zygotes' sockets: it starts its own.
os.register_at_fork(after_in_child=_zygotes.clear)
