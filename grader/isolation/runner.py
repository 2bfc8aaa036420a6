"""The grader side of isolation: start a child, call into it, enforce its limits.

One `Worker` serves one exercise. It lives in its own session (process group), in a
fresh temporary directory, with a memory cap and a wall-clock deadline. Whatever
goes wrong in it becomes a `StudentFailure` with a plain reason; nothing the child
sends is trusted beyond being decoded as data.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
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
    parse_payload,
    write_message,
)

OUTPUT_KEEP_BYTES = 2048
GIB = 1024**3


class StudentFailure(Exception):
    """Student code failed in a way that ends one call, or the whole worker.

    Attributes:
        kind: "not_implemented", "error", "missing", "exit", "memory", "bad_result",
            "import", "timeout", "died".
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


@dataclass(frozen=True)
class Limits:
    """Per-exercise limits. `timeout` is wall-clock seconds for the whole exercise."""

    timeout: float = 10.0
    memory_bytes: int = 2 * GIB


class OutputCollector(threading.Thread):
    """Drains the child's stdout+stderr, keeping only the first few KB.

    Draining as fast as it comes means a print flood never blocks the child on a
    full pipe, and never fills memory or disk here.
    """

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        try:
            while chunk := os.read(self.fd, 1 << 16):
                self.total += len(chunk)
                room = OUTPUT_KEEP_BYTES - len(self.kept)
                if room > 0:
                    self.kept.extend(chunk[:room])
        except OSError:
            pass
        finally:
            os.close(self.fd)

    def text(self) -> str:
        text = self.kept.decode("utf-8", errors="replace")
        if self.total > len(self.kept):
            text += f"\n... [{self.total - len(self.kept)} more bytes of output cut]"
        return text


def child_environment(workdir: Path) -> dict[str, str]:
    """A small, predictable environment: HOME and temp inside the work directory."""
    tmp = workdir / "tmp"
    tmp.mkdir(exist_ok=True)
    keep = {key: os.environ[key] for key in ("PATH", "LANG", "LC_ALL") if key in os.environ}
    return {
        **keep,
        "HOME": str(workdir),
        "TMPDIR": str(tmp),
        "MPLBACKEND": "Agg",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    }


class Worker:
    """A child process that imports one student module and answers calls.

    Use as a context manager; leaving it kills the child's whole process group and
    removes its working directory.
    """

    def __init__(self, root: Path, module: str, limits: Limits) -> None:
        # The child runs elsewhere (a temporary directory), so the root must be absolute.
        self.root = root.resolve()
        self.module = module
        self.limits = limits
        self.deadline = 0.0
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None
        self.output: OutputCollector | None = None
        self.dead: StudentFailure | None = None
        self.file = module.replace(".", "/") + ".py"

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
        self.deadline = time.monotonic() + self.limits.timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="grade-"))
        request_read, self.request_fd = os.pipe()
        self.response_fd, response_write = os.pipe()
        output_read, output_write = os.pipe()
        command = [
            sys.executable, "-E", "-s", "-m", "grader.isolation.child",
            str(request_read), str(response_write), str(self.root), self.module,
            str(self.limits.memory_bytes),
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=self.workdir,
            env=child_environment(self.workdir),
            stdin=subprocess.DEVNULL,
            stdout=output_write,
            stderr=output_write,
            pass_fds=(request_read, response_write),
            start_new_session=True,
        )
        for fd in (request_read, response_write, output_write):
            os.close(fd)
        self.output = OutputCollector(output_read)
        self.output.start()
        ready = self.receive()
        if not ready.get("ready"):
            self.dead = self.import_failure(ready)
            raise self.dead
        self.file = str(ready.get("file", self.file))

    def import_failure(self, message: dict[str, Any]) -> StudentFailure:
        kind, text = message.get("kind"), str(message.get("message", ""))
        where = str(message.get("where", ""))
        if kind == "exit":
            return StudentFailure("import", f"exited during import ({text})", where, fatal=True)
        if message.get("type") == "ModuleNotFoundError" and self.names_own_module(text):
            return StudentFailure("import", f"missing module {self.file}", fatal=True)
        summary = f"{message.get('type', 'error')} while importing {self.file}: {text}"
        return StudentFailure("import", summary, where, fatal=True)

    def names_own_module(self, text: str) -> bool:
        """Is this "No module named X" about the exercise module (or its week package)?"""
        parts = self.module.split(".")
        prefixes = {".".join(parts[: i + 1]) for i in range(len(parts))}
        return any(f"'{prefix}'" in text for prefix in prefixes)

    def stop(self) -> None:
        if self.process is not None:
            kill_group(self.process)
        for fd in ("request_fd", "response_fd"):
            number = getattr(self, fd, None)
            if number is not None:
                try:
                    os.close(number)
                except OSError:
                    pass
                setattr(self, fd, None)
        if self.output is not None:
            self.output.join(timeout=1.0)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def captured_output(self) -> str:
        return self.output.text() if self.output is not None else ""

    def seconds_left(self) -> float:
        return self.deadline - time.monotonic()

    def receive(self) -> dict[str, Any]:
        header = self.read_exactly(HEADER.size)
        (size,) = HEADER.unpack(header)
        if size > MAX_MESSAGE_BYTES:
            raise self.die("bad_result", f"sent back more than {MAX_MESSAGE_BYTES >> 20} MB")
        try:
            return parse_payload(self.read_exactly(size))
        except ProtocolError as error:
            raise self.die("bad_result", f"sent back garbage ({error})") from None

    def read_exactly(self, size: int) -> bytes:
        chunks: list[bytes] = []
        while size:
            left = self.seconds_left()
            if left <= 0:
                raise self.die("timeout", f"timed out after {self.limits.timeout:g} s")
            readable, _, _ = select.select([self.response_fd], [], [], left)
            if not readable:
                continue
            chunk = os.read(self.response_fd, min(size, 1 << 20))
            if not chunk:
                raise self.die("died", self.death_reason())
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def death_reason(self) -> str:
        """Why the child stopped answering, in words a student understands."""
        assert self.process is not None
        try:
            code = self.process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return "stopped answering"
        if code == -signal.SIGKILL:
            return f"was killed (most likely it used more than {self.memory_text()})"
        if code < 0:
            return f"crashed with signal {signal.Signals(-code).name}"
        return f"exited with status {code} (sys.exit or os._exit in student code)"

    def memory_text(self) -> str:
        return f"{self.limits.memory_bytes / GIB:g} GiB"

    def die(self, kind: str, message: str) -> StudentFailure:
        if self.process is not None:
            kill_group(self.process)
        self.dead = StudentFailure(kind, message, fatal=True)
        return self.dead

    def request(self, message: dict[str, Any]) -> Any:
        if self.dead is not None:
            raise self.dead
        try:
            write_message(self.request_fd, message)
        except OSError:
            raise self.die("died", self.death_reason()) from None
        response = self.receive()
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
        kind = str(response.get("kind", "error"))
        where = str(response.get("where", ""))
        if kind == "memory":
            return StudentFailure(kind, f"ran out of memory (limit {self.memory_text()})", where)
        if kind in ("missing", "exit", "bad_result"):
            return StudentFailure(kind, str(response.get("message", "")), where)
        message = f"{response.get('type', 'Error')}: {response.get('message', '')}".rstrip(": ")
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


def handle_of(obj: Remote | None) -> int | None:
    return None if obj is None else obj.handle


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole process group, then reap the child."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(timeout=5.0)
    except subprocess.TimeoutExpired:
        pass
