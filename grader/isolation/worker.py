"""The worker: one child per exercise, started (forked from a zygote or spawned) within its
limits, called into with plain data, and every way it can fail turned into a
`StudentFailure`, with where a hung child was running."""

from __future__ import annotations

import os
import re
import secrets
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from grader import wording
from grader.isolation.cancel import Cancellation
from grader.isolation.capture import OutputCollector
from grader.isolation.containment import Containment, remove_tree
from grader.isolation.environment import child_environment
from grader.isolation.failures import StudentFailure
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
from grader.isolation.sandbox_plan import make_plan
from grader.isolation.zygote import Child, ForkedChild, zygote_for

GIB = 1024**3
# Processes and threads one exercise may run at once, its own child included.
MAX_PROCESSES = 64
# How often the grader looks at the child's processes while it waits for an answer.
POLL_SECONDS = 0.1
# How long a timed-out child gets to write its stack before it is killed.
STACK_WAIT_SECONDS = 0.5


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
            raise self.die("interrupted", wording.interrupted())
        ready = self.receive()
        self.containment.confirm()
        if not ready.get("ready"):
            self.dead = self.import_failure(ready)
            raise self.dead
        self.file = one_line(ready.get("file", self.file), 200)
        self.sandbox = one_line(ready.get("sandbox", ""), 200)

    def import_failure(self, message: dict[str, Any]) -> StudentFailure:
        kind = message.get("kind")
        text = one_line(wording.reworded(message.get("said"), message.get("message", "")))
        where = one_line(message.get("where", ""), 200)
        if kind == "sandbox":
            detail = wording.say(wording.SANDBOX_NOT_CLOSED, detail=text)
            return StudentFailure("sandbox", detail, fatal=True)
        if kind == "exit":
            detail = wording.say(wording.EXITED_DURING_IMPORT, detail=text)
            return StudentFailure("import", detail, where, fatal=True)
        if message.get("type") == "ModuleNotFoundError" and self.names_own_module(text):
            return StudentFailure("import", wording.missing_module(self.file), fatal=True)
        error_type = one_line(message.get("type", "error"), 60)
        summary = wording.say(wording.IMPORT_ERROR, error=error_type, file=self.file, detail=text)
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
        return wording.say(wording.TOO_MANY_PROCESSES, limit=self.limits.processes)

    def check_processes(self) -> None:
        if self.containment is not None and self.containment.exceeded():
            raise self.die("processes", self.processes_message())

    def receive(self) -> dict[str, Any]:
        header = self.read_exactly(HEADER.size)
        (size,) = HEADER.unpack(header)
        if size > MAX_MESSAGE_BYTES:
            too_much = wording.say(wording.SENT_TOO_MUCH, megabytes=MAX_MESSAGE_BYTES >> 20)
            raise self.die("bad_result", too_much)
        try:
            message = parse_payload(self.read_exactly(size))
        except ProtocolError as error:
            garbage = wording.say(wording.SENT_GARBAGE, detail=one_line(error, 100))
            raise self.die("bad_result", garbage) from None
        self.check_processes()
        if message.get("borrowed"):
            said = wording.reworded(message.get("borrowed_said"), message["borrowed"])
            raise self.die("borrowed", one_line(said, 300))
        return message

    def read_exactly(self, size: int) -> bytes:
        if self.response_fd is None:
            raise self.die("died", wording.say(wording.STOPPED_ANSWERING))
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
        return wording.timed_out(self.limits.timeout, self.running_where())

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
            return wording.interrupted()
        code = self.exit_code(timeout=2.0)
        if self.containment is not None and self.containment.exceeded():
            return self.processes_message()
        if code is None:
            return wording.say(wording.STOPPED_ANSWERING)
        if code == -signal.SIGKILL:
            return wording.say(wording.KILLED, memory=self.memory_text())
        if code < 0:
            name = signal_name(-code)
            if -code == signal.SIGSEGV:
                return wording.say(wording.SEGFAULT, signal=name)
            return wording.say(wording.CRASHED, signal=name)
        return wording.say(wording.EXITED, code=code)

    def memory_text(self) -> str:
        return f"{self.limits.memory_bytes / GIB:g} GiB"

    def die(self, kind: str, message: str) -> StudentFailure:
        if self.cancel is not None and self.cancel.cancelled:
            kind, message = "interrupted", wording.interrupted()
        if self.containment is not None:
            self.containment.kill_all(self.process)
        self.dead = StudentFailure(kind, message, fatal=True)
        return self.dead

    def request(self, message: dict[str, Any]) -> Any:
        if self.dead is not None:
            raise self.dead
        if self.request_fd is None:
            raise self.die("died", wording.say(wording.WAS_STOPPED))
        self.seq += 1
        message["seq"] = self.seq
        try:
            write_message(self.request_fd, message)
        except OSError:
            raise self.die("died", self.death_reason()) from None
        response = self.receive()
        if response.get("seq") != self.seq:
            raise self.die("bad_result", wording.say(wording.OUT_OF_TURN))
        if not response.get("ok"):
            raise self.call_failure(response)
        try:
            result = decode(response.get("result"))
            if message.get("return_args"):
                return result, decode(response.get("args", []))
            return result
        except (ProtocolError, ValueError, TypeError, KeyError) as error:
            malformed = wording.say(wording.SENT_MALFORMED, detail=error)
            raise self.die("bad_result", malformed) from None

    def call_failure(self, response: dict[str, Any]) -> StudentFailure:
        kind = one_line(response.get("kind", "error"), 20)
        where = one_line(response.get("where", ""), 200)
        if kind == "memory":
            return StudentFailure(
                kind, wording.say(wording.OUT_OF_MEMORY, memory=self.memory_text()), where
            )
        if kind in ("missing", "exit", "bad_result"):
            text = wording.reworded(response.get("said"), response.get("message", ""))
            return StudentFailure(kind, one_line(text), where)
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
            raise self.die("bad_result", wording.say(wording.RESULT_NOT_KEPT))
        return result

    def keep(self, value: Any) -> Remote:
        """Store `value` in the child and return a reference to it.

        The child then holds one object across calls, as a real program would: an
        optimizer may key its state by the identity of the arrays it updates.
        """
        result = self.request({"op": "keep", "value": encode_plain(value)})
        if not isinstance(result, Remote):
            raise self.die("bad_result", wording.say(wording.VALUE_NOT_KEPT))
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
