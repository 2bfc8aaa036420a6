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
"""

from __future__ import annotations

import ctypes
import faulthandler
import importlib
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

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


def main() -> None:
    request_fd, response_fd, stack_fd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    root, module_name, memory_bytes = Path(sys.argv[4]).resolve(), sys.argv[5], int(sys.argv[6])
    contain(int(sys.argv[7]), sys.argv[8])
    set_limits(memory_bytes)
    faulthandler.register(signal.SIGUSR1, file=stack_fd, all_threads=False)
    guard = close_sandbox(response_fd, Plan.from_json(sys.argv[9]))
    if guard is not None:
        serve(request_fd, response_fd, root, module_name, guard)
    # Skip interpreter teardown: student atexit hooks and __del__ methods don't get a say.
    os._exit(0)


if __name__ == "__main__":
    main()
