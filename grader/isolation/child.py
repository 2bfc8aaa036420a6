"""The child side: import one student module and answer the grader's requests.

Run as `python -E -s -B -m grader.isolation.child REQUEST_FD RESPONSE_FD STACK_FD ROOT MODULE
MEMORY PROCESSES CGROUP_PROCS PLAN` (CGROUP_PROCS is `-` when the grader has no cgroup for it;
PLAN is the sandbox's `grader.isolation.sandbox.Plan` as JSON).
Everything here runs next to untrusted code, so it only ever sends plain data
back; the grader decides every verdict on its own side.

Before any student code runs, the child joins its process-limit cgroup (when the grader
made one), becomes a child subreaper (so that processes its code starts stay in its tree
even when they double-fork) and caps its memory and core dumps. Then it closes its sandbox
(`grader.isolation.sandbox`: Landlock, a network namespace and an audit hook that guards
the answers), and only then imports the student's module. Any reach for the reference
solutions or the hidden checks is refused and reported with every answer, and the grader
fails the exercise on it.

SIGUSR1 makes the child write its Python stack to STACK_FD: the grader asks for it when an
exercise times out, to say where the student's code was running.

The zygote: `python -E -s -B -m grader.isolation.child --zygote CONTROL_FD [MODULE...]` loads
the interpreter, NumPy, this module (and MODULE..., e.g. torch) once, then forks one child
per request that arrives on CONTROL_FD (a Unix socket, with the child's pipes attached).
The zygote never runs student code and never closes a sandbox: each forked child first
becomes what `python -m grader.isolation.child` would have been (a new session, its pipes
as stdin/stdout/stderr and nothing else open, its working directory, environment and HOME
marker), and then runs exactly the sequence above, in the same order: cgroup and
subreaper, limits, stack dump handler, sandbox, and only then the student's import. So no
child sees anything an earlier student did: each starts from the zygote's untouched memory.
"""

from __future__ import annotations

import ctypes
import faulthandler
import gc
import importlib
import json
import os
import resource
import signal
import socket
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, NoReturn

import numpy as np

from grader.isolation import protocol
from grader.isolation.protocol import (
    HEADER,
    MAX_INT,
    MAX_MESSAGE_BYTES,
    MIN_INT,
    ProtocolError,
    Remote,
    array_to_text,
    decode,
    parse_payload,
    write_payload,
)
from grader.isolation.sandbox import (
    Guard,
    Plan,
    SandboxError,
    apply_plan,
    install_guard,
    secret_folders,
    threads,
)

# Arrays travel as base64 (4 bytes for 3): raw array bytes allowed in one result.
MAX_ARRAY_BYTES = MAX_MESSAGE_BYTES // 4 * 3 - (1 << 20)
PR_SET_CHILD_SUBREAPER = 36
NPROC_SLACK = 16


class EncodeError(Exception):
    """A result cannot be sent back as plain data."""


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


def read_exactly(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int) -> dict[str, Any]:
    (size,) = HEADER.unpack(read_exactly(fd, HEADER.size))
    return parse_payload(read_exactly(fd, size))


class Session:
    """Holds the student's module and the objects the grader refers to by handle."""

    def __init__(self, root: Path, module: ModuleType) -> None:
        self.root = root
        self.module = module
        self.objects: dict[int, Any] = {}
        self.array_bytes = 0

    def remember(self, value: Any) -> dict[str, Any]:
        handle = len(self.objects) + 1
        self.objects[handle] = value
        return {"__remote__": handle, "type": type(value).__name__}

    def resolve(self, value: Any) -> Any:
        """Replace Remote references in decoded arguments by the objects they name."""
        if isinstance(value, Remote):
            return self.objects[value.handle]
        if type(value) is list:
            return [self.resolve(item) for item in value]
        if type(value) is tuple:
            return tuple(self.resolve(item) for item in value)
        if type(value) is dict:
            return {key: self.resolve(item) for key, item in value.items()}
        return value

    def encode(self, value: Any, depth: int = 0) -> Any:
        """Plain data goes by value; anything else stays here behind a handle."""
        if depth > 20:
            raise EncodeError("the result is nested more than 20 levels deep")
        kind = type(value)
        if kind is int and not MIN_INT <= value <= MAX_INT:
            raise EncodeError(f"an integer too large to send back ({value.bit_length()} bits)")
        if value is None or kind in (bool, int, float, str):
            return value
        if kind in (np.float64, np.float32, np.float16, np.int64, np.int32, np.bool_):
            return value.item()
        if kind is np.ndarray:
            return self.encode_array(value)
        if is_tensor(value):
            return self.encode_array(value.detach().cpu().numpy())
        if kind is tuple:
            return {"__tuple__": [self.encode(item, depth + 1) for item in tuple.__iter__(value)]}
        if kind is list:
            return [self.encode(item, depth + 1) for item in list.__iter__(value)]
        if isinstance(value, dict) and all(type(key) is str for key in dict.keys(value)):
            items = dict.items(value)
            return {"__dict__": {key: self.encode(item, depth + 1) for key, item in items}}
        return self.remember(value)

    def encode_array(self, array: np.ndarray) -> dict[str, Any]:
        if array.dtype.hasobject:
            raise EncodeError("an array of Python objects (dtype=object)")
        # Refuse before copying: a huge array must not take the child's memory with it.
        self.array_bytes += int(array.nbytes)
        if self.array_bytes > MAX_ARRAY_BYTES:
            raise EncodeError(
                f"the result is too large to send back ({self.array_bytes / 2**20:.0f} MB of "
                f"arrays; at most {MAX_ARRAY_BYTES >> 20} MB)"
            )
        # ascontiguousarray would turn a 0-d array into shape (1,).
        return {"__ndarray__": array_to_text(np.require(array, requirements="C"))}

    def target(self, request: dict[str, Any]) -> Any:
        owner = self.module if request.get("obj") is None else self.objects[request["obj"]]
        name = request["name"]
        if not hasattr(owner, name):
            raise MissingName(self.describe(owner, name))
        return getattr(owner, name)

    def describe(self, owner: Any, name: str) -> str:
        if owner is self.module:
            return f"{module_file(self.module, self.root)} defines no `{name}`"
        return f"{type(owner).__name__} has no attribute `{name}`"

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        self.array_bytes = 0
        op = request["op"]
        if op == "getattr":
            return {"ok": True, "result": self.encode(self.target(request))}
        if op == "setattr":
            owner = self.objects[request["obj"]]
            setattr(owner, request["name"], self.resolve(decode(request["value"])))
            return {"ok": True, "result": None}
        if op == "keep":
            return {"ok": True, "result": self.remember(self.resolve(decode(request["value"])))}
        if op == "fetch":
            return {"ok": True, "result": self.encode(self.objects[request["obj"]])}
        if op == "call":
            function = self.target(request)
            args = self.resolve(decode(request.get("args", [])))
            kwargs = self.resolve(decode(request.get("kwargs", {})))
            result = function(*args, **kwargs)
            encoded = self.remember(result) if request.get("keep") else self.encode(result)
            response: dict[str, Any] = {"ok": True, "result": encoded}
            if request.get("return_args"):
                response["args"] = [self.encode(arg) for arg in args]
            return response
        raise ValueError(f"unknown request {op!r}")


class MissingName(Exception):
    """The student's module (or object) lacks a name the grader asked for."""


def is_tensor(value: Any) -> bool:
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def module_file(module: ModuleType, root: Path) -> str:
    path = getattr(module, "__file__", None) or module.__name__
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).name


def student_location(tb: TracebackType | None, root: Path) -> str:
    """The innermost `file:line` of the traceback that lies inside the submission."""
    where = ""
    for frame, line in traceback.walk_tb(tb):
        path = Path(frame.f_code.co_filename)
        try:
            where = f"{path.resolve().relative_to(root).as_posix()}:{line}"
        except (ValueError, OSError):
            continue
    return where


def describe_error(error: BaseException, root: Path) -> dict[str, Any]:
    """A plain-data account of an exception raised by student code."""
    if isinstance(error, MissingName):
        return {"ok": False, "kind": "missing", "message": str(error)}
    if isinstance(error, SystemExit):
        return {"ok": False, "kind": "exit", "message": f"called sys.exit({error.code!r})"}
    where = student_location(error.__traceback__, root)
    if isinstance(error, SyntaxError) and error.filename:
        try:
            relative = Path(error.filename).resolve().relative_to(root).as_posix()
            where = f"{relative}:{error.lineno}"
        except ValueError:
            pass
    kind = "not_implemented" if isinstance(error, NotImplementedError) else "error"
    if isinstance(error, MemoryError):
        kind = "memory"
    try:
        text = error.msg if isinstance(error, SyntaxError) else str(error)
    except Exception:  # noqa: BLE001 - a student's exception may fail to print itself
        text = "<unprintable>"
    return {
        "ok": False,
        "kind": kind,
        "type": type(error).__name__,
        "message": text[:300],
        "where": where,
    }


def serve(request_fd: int, response_fd: int, root: Path, module_name: str, guard: Guard) -> None:
    sys.path.insert(0, str(root))
    guard.armed = True
    try:
        module = importlib.import_module(module_name)
    except BaseException as error:  # noqa: BLE001 - report every import failure as data
        send(response_fd, with_borrowed({"ready": False, **describe_error(error, root)}, guard))
        return
    finally:
        flush_output()
    ready = {"ready": True, "file": module_file(module, root), "sandbox": guard.mode}
    send(response_fd, with_borrowed(ready, guard))
    session = Session(root, module)
    while True:
        try:
            request = read_message(request_fd)
        except EOFError:
            # The grader is gone (it kills everything itself when it stops normally).
            kill_descendants()
            return
        try:
            response = session.handle(request)
        except EncodeError as error:
            response = {"ok": False, "kind": "bad_result", "message": str(error)}
        except BaseException as error:  # noqa: BLE001 - student code may raise anything
            response = describe_error(error, root)
        finally:
            flush_output()
        # The grader matches each answer to its request: anything else written to this
        # pipe (a forged answer) puts it out of step, and the worker is stopped.
        response["seq"] = request.get("seq")
        send(response_fd, with_borrowed(response, guard))


def with_borrowed(message: dict[str, Any], guard: Guard) -> dict[str, Any]:
    """Every answer says whether the student's code has reached for the answers so far."""
    if guard.borrowed:
        message["borrowed"] = guard.borrowed
    return message


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


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one message; a result that cannot be sent becomes a failure that can."""
    frame = protocol.frame
    try:
        payload = frame(message)
    except ProtocolError as error:
        text = f"the result is too large to send back ({error})"
        payload = frame(failure(message, "bad_result", text))
    except MemoryError:
        payload = frame(failure(message, "memory", "ran out of memory while sending the result"))
    except (TypeError, ValueError, RecursionError) as error:
        payload = frame(failure(message, "bad_result", f"the result cannot be sent back ({error})"))
    write_payload(fd, payload)


def failure(message: dict[str, Any], kind: str, text: str) -> dict[str, Any]:
    reply: dict[str, Any] = {"ok": False, "kind": kind, "message": text, "seq": message.get("seq")}
    if "ready" in message:
        reply.update(ready=False, type="Error")
    return reply


def flush_output() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001, S110 - a closed or replaced stream is the student's
            pass


def close_sandbox(response_fd: int, plan: Plan) -> Guard | None:
    """Install the answer guard and close the sandbox; None (reported) if it cannot close."""
    # The grader's secrets, and this interpreter's own (the child may import the grader
    # from another place than its parent did, e.g. an installed copy beside a bundle).
    own, _ = secret_folders()
    guard = install_guard([*plan.secrets, *(s for s in own if s not in plan.secrets)])
    try:
        guard.mode = apply_plan(plan)
    except SandboxError as error:
        send(response_fd, {"ready": False, "kind": "sandbox", "type": "SandboxError",
                           "message": str(error)})  # fmt: skip
        return None
    return guard


def run(args: list[str]) -> NoReturn:
    """Contain this process, close its sandbox, import the student's module and serve.

    `args`: REQUEST_FD RESPONSE_FD STACK_FD ROOT MODULE MEMORY PROCESSES CGROUP_PROCS PLAN.
    """
    request_fd, response_fd, stack_fd = int(args[0]), int(args[1]), int(args[2])
    root, module_name, memory_bytes = Path(args[3]).resolve(), args[4], int(args[5])
    contain(int(args[6]), args[7])
    set_limits(memory_bytes)
    faulthandler.register(signal.SIGUSR1, file=stack_fd, all_threads=False)
    guard = close_sandbox(response_fd, Plan.from_json(args[8]))
    if guard is not None:
        serve(request_fd, response_fd, root, module_name, guard)
    # Skip interpreter teardown: student atexit hooks and __del__ methods don't get a say.
    os._exit(0)


# ---- The zygote ----------------------------------------------------------------------------

ZYGOTE_FLAG = "--zygote"
# A forked child that could not become a child (before any student code): its exit status.
FORK_SETUP_FAILED = 121
MAX_CONTROL_MESSAGE = 1 << 22


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
        sys.argv = [str(Path(__file__).resolve()), *args]
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


def main() -> None:
    if sys.argv[1:2] == [ZYGOTE_FLAG]:
        zygote(int(sys.argv[2]), sys.argv[3:])
        os._exit(0)
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
