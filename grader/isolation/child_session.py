"""The child's session with the grader: the student's module and the objects kept behind
handles, requests answered with plain data only, and a student's exception described as
data (kind, type, message, `file:line` in the submission)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any

import numpy as np

from grader import wording
from grader.isolation.protocol import (
    MAX_INT,
    MAX_MESSAGE_BYTES,
    MIN_INT,
    Remote,
    array_to_text,
    decode,
)

# Arrays travel as base64 (4 bytes for 3): raw array bytes allowed in one result.
MAX_ARRAY_BYTES = MAX_MESSAGE_BYTES // 4 * 3 - (1 << 20)


class Worded(Exception):
    """An exception whose message is one of grader.wording's CHILD_SENTENCES: its text is
    the English, `said` what the grading process words again in its own language."""

    def __init__(self, template: str, **fields: object) -> None:
        self.said = wording.said(template, **fields)
        super().__init__(wording.english(self.said))


class EncodeError(Worded):
    """A result cannot be sent back as plain data."""


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
            raise EncodeError(wording.NESTED_TOO_DEEP, depth=20)
        kind = type(value)
        if kind is int and not MIN_INT <= value <= MAX_INT:
            raise EncodeError(wording.INTEGER_TOO_LARGE, bits=value.bit_length())
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
            raise EncodeError(wording.OBJECT_ARRAY)
        # Refuse before copying: a huge array must not take the child's memory with it.
        self.array_bytes += int(array.nbytes)
        if self.array_bytes > MAX_ARRAY_BYTES:
            size, limit = f"{self.array_bytes / 2**20:.0f}", MAX_ARRAY_BYTES >> 20
            raise EncodeError(wording.ARRAYS_TOO_LARGE, size=size, limit=limit)
        # ascontiguousarray would turn a 0-d array into shape (1,).
        return {"__ndarray__": array_to_text(np.require(array, requirements="C"))}

    def target(self, request: dict[str, Any]) -> Any:
        owner = self.module if request.get("obj") is None else self.objects[request["obj"]]
        name = request["name"]
        if not hasattr(owner, name):
            raise self.missing(owner, name)
        return getattr(owner, name)

    def missing(self, owner: Any, name: str) -> MissingName:
        if owner is self.module:
            return MissingName(wording.DEFINES_NO, file=module_file(self.module, self.root),
                               name=name)  # fmt: skip
        return MissingName(wording.HAS_NO_ATTRIBUTE, type=type(owner).__name__, name=name)

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


class MissingName(Worded):
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
        return {"ok": False, "kind": "missing", "message": str(error), "said": error.said}
    if isinstance(error, SystemExit):
        said = wording.said(wording.CALLED_EXIT, code=repr(error.code))
        return {"ok": False, "kind": "exit", "message": wording.english(said), "said": said}
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
