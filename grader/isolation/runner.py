"""The grader side of isolation: start a child, call into it, enforce its limits.

One `Worker` serves one exercise. It lives in its own session (process group), in a
fresh temporary directory, with a memory cap, a process limit and a wall-clock
deadline. Whatever goes wrong in it becomes a `StudentFailure` with a plain reason;
nothing the child sends is trusted beyond being decoded as data.

No process outlives its exercise. Each worker gets its own pids cgroup when the machine
offers a writable one (the kernel then caps the processes and threads of everything the
child starts, and tells us who they are, however they detach); the child is a child
subreaper (orphans stay in its tree); and when the exercise ends, `Containment.kill_all`
SIGKILLs the cgroup, the child's tree, its session and every process whose environment
names the worker's HOME, round after round, until none is left. Without a cgroup the
grader counts the tree itself while it waits for the child, and a user other than root
also gets RLIMIT_NPROC; `containment_mode()` says which applies here and why.

Children start from a zygote where they can: one process per kind of exercise (one for the
NumPy exercises, one that has PyTorch loaded too for the exercise that uses it), started
once per grading process, that has the interpreter, NumPy and the child side loaded and
forks each child on request (`grader.isolation.child.zygote`). A forked child is then what
a spawned one is: a new session, its own pipes and nothing else, its working directory,
environment and HOME marker; it joins its cgroup, closes its sandbox and imports the
student's module itself, in the same order. The zygote is the forked child's parent, so
the grader learns its exit status and reaps it through the zygote (`ForkedChild`). Where
forking is unsafe or unsupported (threads in the zygote, no Linux, `GRADER_ZYGOTE=0`),
each child is spawned with `python -m grader.isolation.child`, and `containment_mode()`
says so.
"""

from __future__ import annotations

import errno
import functools
import itertools
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from grader.isolation.protocol import (
    HEADER,
    MAX_MESSAGE_BYTES,
    ProtocolError,
    Remote,
    decode,
    encode_plain,
    one_line,
    parse_payload,
    write_message,
)
from grader.isolation.sandbox import make_plan, sandbox_mode

OUTPUT_KEEP_BYTES = 2048
OUTPUT_KEEP_LINES = 40
OUTPUT_LINE_CHARS = 300
GIB = 1024**3
# Processes and threads one exercise may run at once, its own child included.
MAX_PROCESSES = 64
# How often the grader looks at the child's processes while it waits for an answer.
POLL_SECONDS = 0.1
INTERRUPTED = "not graded: interrupted"
# How long a timed-out child gets to write its stack before it is killed.
STACK_WAIT_SECONDS = 0.5
# Set GRADER_CGROUPS=0 to count processes without cgroups (the fallback, e.g. for testing).
CGROUPS_VARIABLE = "GRADER_CGROUPS"
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


class StudentFailure(Exception):
    """Student code failed in a way that ends one call, or the whole worker.

    Attributes:
        kind: "not_implemented", "error", "missing", "exit", "memory", "bad_result",
            "import", "timeout", "died", "processes", "interrupted".
        message: a one-line account for the feedback.
        where: `file:line` inside the submission, when known.
        fatal: the worker is gone; later calls cannot be made.
    """

    def __init__(self, kind: str, message: str, where: str = "", fatal: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.where = where
        self.fatal = fatal

    def describe(self) -> str:
        return f"{self.message} ({self.where})" if self.where else self.message


def default_processes() -> int:
    return MAX_PROCESSES


@dataclass(frozen=True)
class Limits:
    """Per-exercise limits.

    Attributes:
        timeout: wall-clock seconds for the whole exercise.
        memory_bytes: address-space cap of each process.
        processes: processes and threads running at once, the child included.
    """

    timeout: float = 10.0
    memory_bytes: int = 2 * GIB
    processes: int = field(default_factory=default_processes)


# ---- Output -----------------------------------------------------------------------------


class OutputCollector(threading.Thread):
    """Drains the child's stdout+stderr, keeping only the first few KB.

    Draining as fast as it comes means a print flood never blocks the child on a
    full pipe, and never fills memory or disk here. `finish` ends the thread even when
    something still holds the pipe open and keeps printing.
    """

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.kept = bytearray()
        self.total = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        poller = select.poll()
        poller.register(self.fd, select.POLLIN)
        drain_until = 0.0
        try:
            while True:
                if self.stopping.is_set():
                    drain_until = drain_until or time.monotonic() + 0.2
                    if time.monotonic() > drain_until:
                        break
                if not poller.poll(50):
                    if self.stopping.is_set():
                        break
                    continue
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    break
                self.total += len(chunk)
                room = OUTPUT_KEEP_BYTES - len(self.kept)
                if room > 0:
                    self.kept.extend(chunk[:room])
        except OSError:
            pass
        finally:
            os.close(self.fd)

    def finish(self, timeout: float = 1.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)

    def text(self) -> str:
        """What the child printed: at most 40 lines of 300 characters, control characters
        shown escaped, and how much was cut."""
        lines = self.kept.split(b"\n")
        if lines[-1] == b"":
            lines.pop()  # the empty rest after the last newline
        shown = lines[:OUTPUT_KEEP_LINES]
        shown_bytes = min(sum(len(line) + 1 for line in shown), len(self.kept))
        text = "\n".join(printable(line) for line in shown)
        cut = self.total - shown_bytes
        if cut > 0:
            text += f"\n... [{cut} more bytes of output cut]"
        return text


def printable(raw: bytes | bytearray) -> str:
    """One line of student output, safe to show in a terminal inside the report."""
    line = raw.decode("utf-8", errors="replace")
    out = []
    for char in line:
        if char == "\t" or char.isprintable():
            out.append(char)
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    text = "".join(out)
    if len(text) > OUTPUT_LINE_CHARS:
        text = text[:OUTPUT_LINE_CHARS] + f" … [{len(text) - OUTPUT_LINE_CHARS} characters cut]"
    return text


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


# ---- Processes --------------------------------------------------------------------------


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


# ---- cgroups ----------------------------------------------------------------------------


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


def containment_mode() -> str:
    """How this machine starts, bounds, sandboxes and ends a worker's processes, in one line."""
    directory, reason = cgroup_parent()
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
        self.cgroup = make_cgroup(limit)
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
            remove_cgroup(self.cgroup)
            self.cgroup = None

    def close(self) -> None:
        self.drop_cgroup()


# ---- The zygote ---------------------------------------------------------------------------


class Zygote:
    """A process that has the interpreter, NumPy and the child side loaded (and `preload`),
    and forks each child on request (`grader.isolation.child.zygote`).

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


# ---- Cancellation (Ctrl-C) --------------------------------------------------------------


class Cancellation:
    """Stops the workers of one grading run at once, and refuses to start new ones.

    `cancel` is what Ctrl-C calls: the running children and everything they started are
    killed before it returns.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.workers: set[Worker] = set()
        self.cancelled = False

    def register(self, worker: Worker) -> None:
        with self.lock:
            if self.cancelled:
                raise StudentFailure("interrupted", INTERRUPTED, fatal=True)
            self.workers.add(worker)

    def unregister(self, worker: Worker) -> None:
        with self.lock:
            self.workers.discard(worker)

    def cancel(self) -> None:
        with without_sigint():
            with self.lock:
                self.cancelled = True
                workers = list(self.workers)
            for worker in workers:
                worker.abort()


class without_sigint:  # noqa: N801 - used as a context manager, like a function
    """Ignore a second Ctrl-C while the children are being killed (main thread only)."""

    def __enter__(self) -> None:
        self.previous: Any = None
        if threading.current_thread() is threading.main_thread():
            try:
                self.previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            except ValueError:
                self.previous = None

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


# ---- Files ------------------------------------------------------------------------------


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


# ---- The worker -------------------------------------------------------------------------


class Worker:
    """A child process that imports one student module and answers calls.

    Use as a context manager; leaving it kills the child and everything it started, and
    removes its working directory.
    """

    def __init__(
        self,
        root: Path,
        module: str,
        limits: Limits,
        cancel: Cancellation | None = None,
        preload: tuple[str, ...] = (),
    ) -> None:
        # The child runs elsewhere (a temporary directory), so the root must be absolute.
        self.root = root.resolve()
        self.module = module
        self.limits = limits
        self.cancel = cancel
        self.preload = preload  # modules its zygote loads before forking it (e.g. torch)
        self.deadline = 0.0
        self.process: Child | None = None
        self.workdir: Path | None = None
        self.containment: Containment | None = None
        self.output: OutputCollector | None = None
        self.dead: StudentFailure | None = None
        self.file = module.replace(".", "/") + ".py"
        self.request_fd: int | None = None
        self.response_fd: int | None = None
        self.stack_fd: int | None = None
        self.sandbox = ""
        self.seq = secrets.randbelow(1 << 48)

    def __enter__(self) -> Worker:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        if self.cancel is not None:
            self.cancel.register(self)
        self.deadline = time.monotonic() + self.limits.timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="grade-"))
        self.containment = Containment(self.limits.processes, self.workdir)
        request_read, self.request_fd = os.pipe()
        self.response_fd, response_write = os.pipe()
        output_read, output_write = os.pipe()
        self.stack_fd, stack_write = os.pipe()
        os.set_blocking(self.stack_fd, False)
        plan = make_plan(self.root, self.workdir)
        args = [
            str(self.root), self.module, str(self.limits.memory_bytes),
            str(self.limits.processes), self.containment.child_argument(), plan.to_json(),
        ]  # fmt: skip
        env = child_environment(self.workdir)
        try:
            zygote = zygote_for(self.preload)
            fds = [request_read, response_write, stack_write, output_write]
            pid = zygote.fork(fds, self.workdir, env, args, self.deadline) if zygote else None
            if zygote is not None and pid is not None:
                self.process = ForkedChild(zygote, pid)
            else:
                self.process = subprocess.Popen(
                    [
                        sys.executable,
                        "-E",
                        "-s",
                        "-B",
                        "-m",
                        "grader.isolation.child",
                        str(request_read),
                        str(response_write),
                        str(stack_write),
                        *args,
                    ],  # fmt: skip
                    cwd=self.workdir,
                    env=env,
                    stdin=subprocess.DEVNULL,
                    stdout=output_write,
                    stderr=output_write,
                    pass_fds=(request_read, response_write, stack_write),
                    start_new_session=True,
                )
        finally:
            for fd in (request_read, response_write, output_write, stack_write):
                os.close(fd)
        self.containment.attach(self.process.pid)
        self.output = OutputCollector(output_read)
        self.output.start()
        if self.cancel is not None and self.cancel.cancelled:
            raise self.die("interrupted", INTERRUPTED)
        ready = self.receive()
        self.containment.confirm()
        if not ready.get("ready"):
            self.dead = self.import_failure(ready)
            raise self.dead
        self.file = one_line(ready.get("file", self.file), 200)
        self.sandbox = one_line(ready.get("sandbox", ""), 200)

    def import_failure(self, message: dict[str, Any]) -> StudentFailure:
        kind, text = message.get("kind"), one_line(message.get("message", ""))
        where = one_line(message.get("where", ""), 200)
        if kind == "sandbox":
            return StudentFailure("sandbox", f"the sandbox could not close ({text})", fatal=True)
        if kind == "exit":
            return StudentFailure("import", f"exited during import ({text})", where, fatal=True)
        if message.get("type") == "ModuleNotFoundError" and self.names_own_module(text):
            return StudentFailure("import", f"missing module {self.file}", fatal=True)
        error_type = one_line(message.get("type", "error"), 60)
        summary = f"{error_type} while importing {self.file}: {text}"
        return StudentFailure("import", summary, where, fatal=True)

    def names_own_module(self, text: str) -> bool:
        """Is this "No module named X" about the exercise module (or its week package)?"""
        parts = self.module.split(".")
        prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
        return any(f"'{prefix}'" in text for prefix in prefixes)

    def abort(self) -> None:
        """Kill the child and everything it started (any thread may call this)."""
        if self.containment is not None and self.process is not None:
            self.containment.kill_all(self.process)

    def stop(self) -> None:
        if self.cancel is not None:
            self.cancel.unregister(self)
        if self.containment is not None:
            self.containment.kill_all(self.process)
        for name in ("request_fd", "response_fd", "stack_fd"):
            number = getattr(self, name, None)
            if number is not None:
                try:
                    os.close(number)
                except OSError:
                    pass
                setattr(self, name, None)
        if self.output is not None:
            self.output.finish()
        if self.containment is not None:
            self.containment.close()
        if self.workdir is not None:
            remove_tree(self.workdir)
            self.workdir = None

    def captured_output(self) -> str:
        return self.output.text() if self.output is not None else ""

    def seconds_left(self) -> float:
        return self.deadline - time.monotonic()

    def processes_message(self) -> str:
        return f"started too many processes (limit {self.limits.processes}, threads included)"

    def check_processes(self) -> None:
        if self.containment is not None and self.containment.exceeded():
            raise self.die("processes", self.processes_message())

    def receive(self) -> dict[str, Any]:
        header = self.read_exactly(HEADER.size)
        (size,) = HEADER.unpack(header)
        if size > MAX_MESSAGE_BYTES:
            raise self.die("bad_result", f"sent back more than {MAX_MESSAGE_BYTES >> 20} MB")
        try:
            message = parse_payload(self.read_exactly(size))
        except ProtocolError as error:
            raise self.die("bad_result", f"sent back garbage ({one_line(error, 100)})") from None
        self.check_processes()
        if message.get("borrowed"):
            raise self.die("borrowed", one_line(message["borrowed"], 300))
        return message

    def read_exactly(self, size: int) -> bytes:
        if self.response_fd is None:
            raise self.die("died", "stopped answering")
        poller = select.poll()
        poller.register(self.response_fd, select.POLLIN)
        chunks: list[bytes] = []
        while size:
            left = self.seconds_left()
            if left <= 0:
                raise self.die("timeout", self.timeout_message())
            self.check_processes()
            if not poller.poll(max(1, int(min(left, POLL_SECONDS) * 1000))):
                continue
            chunk = os.read(self.response_fd, min(size, 1 << 20))
            if not chunk:
                raise self.die("died", self.death_reason())
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def timeout_message(self) -> str:
        """ "timed out after 10 s", and where the student's code was running at that moment."""
        text = f"timed out after {self.limits.timeout:g} s"
        where = self.running_where()
        return f"{text} while running {where}" if where else text

    def running_where(self) -> str:
        """The innermost frame in the submission, from the stack the child writes on SIGUSR1:
        "`sgd` (week18/ex7_6_optimizers.py:42)", or "" when it cannot be had."""
        if self.process is None or self.stack_fd is None:
            return ""
        try:
            os.kill(self.process.pid, signal.SIGUSR1)
        except OSError:
            return ""
        poller = select.poll()
        poller.register(self.stack_fd, select.POLLIN)
        data = b""
        end = time.monotonic() + STACK_WAIT_SECONDS
        while time.monotonic() < end and len(data) < 1 << 16:
            if not poller.poll(20):
                if data:
                    break
                continue
            try:
                chunk = os.read(self.stack_fd, 1 << 16)
            except BlockingIOError:
                continue
            except OSError:
                break
            if not chunk:
                break
            data += chunk
        return innermost_student_frame(data.decode("utf-8", "replace"), self.root)

    def exit_code(self, timeout: float) -> int | None:
        """The child's exit status (negative: a signal), without reaping it; None if alive."""
        assert self.process is not None
        end = time.monotonic() + timeout
        while isinstance(self.process, ForkedChild):
            code = self.process.exit_status()
            if code is not None or time.monotonic() >= end:
                return code
            time.sleep(0.01)
        while True:
            try:
                info = os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return self.process.returncode  # already reaped
            if info is not None and info.si_pid:
                return info.si_status if info.si_code == os.CLD_EXITED else -info.si_status
            if time.monotonic() >= end:
                return None
            time.sleep(0.01)

    def death_reason(self) -> str:
        """Why the child stopped answering, in words a student understands."""
        if self.cancel is not None and self.cancel.cancelled:
            return INTERRUPTED
        code = self.exit_code(timeout=2.0)
        if self.containment is not None and self.containment.exceeded():
            return self.processes_message()
        if code is None:
            return "stopped answering"
        if code == -signal.SIGKILL:
            return f"was killed (most likely it used more than {self.memory_text()})"
        if code < 0:
            name = signal_name(-code)
            if -code == signal.SIGSEGV:
                return f"crashed with signal {name} (a segmentation fault: recursion too deep?)"
            return f"crashed with signal {name}"
        return f"exited with status {code} (sys.exit or os._exit in student code)"

    def memory_text(self) -> str:
        return f"{self.limits.memory_bytes / GIB:g} GiB"

    def die(self, kind: str, message: str) -> StudentFailure:
        if self.cancel is not None and self.cancel.cancelled:
            kind, message = "interrupted", INTERRUPTED
        if self.containment is not None:
            self.containment.kill_all(self.process)
        self.dead = StudentFailure(kind, message, fatal=True)
        return self.dead

    def request(self, message: dict[str, Any]) -> Any:
        if self.dead is not None:
            raise self.dead
        if self.request_fd is None:
            raise self.die("died", "was stopped")
        self.seq += 1
        message["seq"] = self.seq
        try:
            write_message(self.request_fd, message)
        except OSError:
            raise self.die("died", self.death_reason()) from None
        response = self.receive()
        if response.get("seq") != self.seq:
            raise self.die(
                "bad_result",
                "answered out of turn (did the code write to the grader's pipe?); stopped it",
            )
        if not response.get("ok"):
            raise self.call_failure(response)
        try:
            result = decode(response.get("result"))
            if message.get("return_args"):
                return result, decode(response.get("args", []))
            return result
        except (ProtocolError, ValueError, TypeError, KeyError) as error:
            raise self.die("bad_result", f"sent back a malformed result ({error})") from None

    def call_failure(self, response: dict[str, Any]) -> StudentFailure:
        kind = one_line(response.get("kind", "error"), 20)
        where = one_line(response.get("where", ""), 200)
        if kind == "memory":
            return StudentFailure(kind, f"ran out of memory (limit {self.memory_text()})", where)
        if kind in ("missing", "exit", "bad_result"):
            return StudentFailure(kind, one_line(response.get("message", "")), where)
        error_type = one_line(response.get("type", "Error"), 60)
        text = one_line(response.get("message", ""))
        message = f"{error_type}: {text}".rstrip(": ")
        if kind not in ("not_implemented", "error"):
            kind = "error"
        return StudentFailure(kind, message, where)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call module-level `name(*args, **kwargs)` in the child; return its result as data."""
        return self.request(self.call_message(None, name, args, kwargs))

    def call_with_args(self, name: str, *args: Any, obj: Remote | None = None) -> Any:
        """Like `call`, but also return the positional arguments as they were afterwards.

        Used to see in-place updates (an optimizer's `step(params, grads)`).
        """
        message = self.call_message(obj, name, args, {})
        message["return_args"] = True
        return self.request(message)

    def method(self, obj: Remote, name: str, *args: Any, **kwargs: Any) -> Any:
        """Call `obj.name(*args, **kwargs)` on an object that lives in the child."""
        return self.request(self.call_message(obj, name, args, kwargs))

    def getattr(self, obj: Remote | None, name: str) -> Any:
        return self.request({"op": "getattr", "obj": handle_of(obj), "name": name})

    def setattr(self, obj: Remote, name: str, value: Any) -> None:
        message = {"op": "setattr", "obj": obj.handle, "name": name}
        message["value"] = encode_plain(value)
        self.request(message)

    def kept(self, obj: Remote | None, name: str, *args: Any, **kwargs: Any) -> Remote:
        """Call `obj.name(...)` (a module function when obj is None); keep the result there.

        For results that must stay in the child even though they are plain data or a
        tensor: a batch to feed a model, weights to load into it.
        """
        message = self.call_message(obj, name, args, kwargs)
        message["keep"] = True
        result = self.request(message)
        if not isinstance(result, Remote):
            raise self.die("bad_result", "the child did not keep a result it was asked to")
        return result

    def keep(self, value: Any) -> Remote:
        """Store `value` in the child and return a reference to it.

        The child then holds one object across calls, as a real program would: an
        optimizer may key its state by the identity of the arrays it updates.
        """
        result = self.request({"op": "keep", "value": encode_plain(value)})
        if not isinstance(result, Remote):
            raise self.die("bad_result", "the child did not keep a value it was sent")
        return result

    def fetch(self, obj: Remote) -> Any:
        """The current value of an object held in the child, sent back as plain data."""
        return self.request({"op": "fetch", "obj": obj.handle})

    @staticmethod
    def call_message(
        obj: Remote | None, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "op": "call",
            "obj": handle_of(obj),
            "name": name,
            "args": encode_plain(list(args)),
            "kwargs": encode_plain(kwargs),
        }


STACK_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+) in (?P<name>\S+)', re.M)


def innermost_student_frame(stack: str, root: Path) -> str:
    """From a faulthandler dump (most recent call first), the first frame in the submission."""
    for found in STACK_FRAME.finditer(stack):
        path = Path(found.group("file"))
        if path.is_relative_to(root):
            where = f"{path.relative_to(root).as_posix()}:{found.group('line')}"
            return f"`{one_line(found.group('name'), 60)}` ({one_line(where, 200)})"
    return ""


def handle_of(obj: Remote | None) -> int | None:
    return None if obj is None else obj.handle


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"number {number}"
