"""The child's main sequence and loop: contain itself, close its sandbox, import the student's
module, then read requests and send answers (every one says whether the answers were
reached for) until the grader closes the pipe."""

from __future__ import annotations

import faulthandler
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

from grader import wording
from grader.isolation import protocol
from grader.isolation.child_containment import contain, kill_descendants, set_limits
from grader.isolation.child_session import EncodeError, Session, describe_error, module_file
from grader.isolation.import_guard import Guard, install_guard
from grader.isolation.landlock import SandboxError, apply_plan
from grader.isolation.protocol import HEADER, ProtocolError, parse_payload, write_payload
from grader.isolation.sandbox_plan import Plan, secret_folders


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
            response = {"ok": False, "kind": "bad_result", "message": str(error),
                        "said": error.said}  # fmt: skip
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
        message["borrowed_said"] = guard.borrowed_said
    return message


def send(fd: int, message: dict[str, Any]) -> None:
    """Write one message; a result that cannot be sent becomes a failure that can."""
    frame = protocol.frame
    try:
        payload = frame(message)
    except ProtocolError as error:
        payload = frame(
            failure(message, "bad_result", wording.said(wording.TOO_LARGE, detail=error))
        )
    except MemoryError:
        payload = frame(failure(message, "memory", wording.said(wording.OUT_OF_MEMORY_SENDING)))
    except (TypeError, ValueError, RecursionError) as error:
        payload = frame(
            failure(message, "bad_result", wording.said(wording.CANNOT_SEND, detail=error))
        )
    write_payload(fd, payload)


def failure(message: dict[str, Any], kind: str, said: dict[str, Any]) -> dict[str, Any]:
    """The reply that stands for `message` when it cannot be sent (`said`: why, as a
    grader.wording record)."""
    text = wording.english(said)
    reply: dict[str, Any] = {"ok": False, "kind": kind, "message": text, "said": said,
                             "seq": message.get("seq")}  # fmt: skip
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
