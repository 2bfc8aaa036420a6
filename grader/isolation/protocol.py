"""The wire format between the grader and a student's child process.

Messages are JSON, framed by an 8-byte big-endian length. Arrays travel as the
bytes of an `.npy` file (base64), which the grader reads back with
`allow_pickle=False`: nothing the student's code sends can run code in the grader.

Values that are not plain data (a model object, a generator, a DataLoader) stay in
the child; the grader gets a `Remote` reference to them and can pass it back.

Everything read from the child is untrusted: `parse_payload` and `decode` raise only
`ProtocolError`, whatever bytes arrive, and text meant for feedback goes through
`one_line` so that it cannot span lines or carry terminal control characters.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import struct
import unicodedata
from dataclasses import dataclass
from typing import Any

import numpy as np

HEADER = struct.Struct(">Q")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024
# Nesting deeper than this is refused when decoding (the child refuses past 20 levels).
MAX_DEPTH = 64
TYPE_NAME_CHARS = 60
# Integers travel only within 64 bits (a bigger one cannot even become a float).
MIN_INT, MAX_INT = -(2**63), 2**64 - 1


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


@dataclass(frozen=True)
class Remote:
    """A reference to an object that lives in the child process.

    Attributes:
        handle: the child's id for the object.
        type_name: the object's type, for messages ("returned a generator").
    """

    handle: int
    type_name: str


def one_line(text: object, limit: int = 300) -> str:
    """`text` as one printable line of at most `limit` characters.

    Line breaks become spaces; other control and format characters (terminal escapes,
    carriage returns, bidirectional overrides) are shown escaped, so that text from
    student code can never redraw or impersonate the grader's own output.
    """
    value = text if isinstance(text, str) else str(text)
    value = value[: 4 * limit]
    out: list[str] = []
    for char in value:
        category = unicodedata.category(char)
        if category[0] == "Z" or char in "\t\n\r\v\f\x1c\x1d\x1e\x85":
            out.append(" ")
        elif category[0] == "C":
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    line = " ".join("".join(out).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def array_to_text(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getbuffer()).decode("ascii")


def array_from_text(text: Any) -> np.ndarray:
    if not isinstance(text, str):
        raise ProtocolError("array payload is not text")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        array = np.load(io.BytesIO(raw), allow_pickle=False)
    except (ValueError, binascii.Error, EOFError, OSError, MemoryError, TypeError) as error:
        reason = type(error).__name__
        raise ProtocolError(f"array payload is not an .npy array ({reason})") from None
    if not isinstance(array, np.ndarray) or array.dtype.hasobject:
        raise ProtocolError("array payload is not an .npy array")
    return array


def decode(value: Any, depth: int = 0) -> Any:
    """Turn a JSON value from the wire into Python data (grader side and child side).

    Raises:
        ProtocolError: a malformed value; nothing else, whatever `value` holds.
    """
    if depth > MAX_DEPTH:
        raise ProtocolError(f"value nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, list):
        return [decode(item, depth + 1) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and not MIN_INT <= value <= MAX_INT:
        raise ProtocolError("an integer larger than 64 bits")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if not isinstance(value, dict):
        raise ProtocolError(f"unexpected {type(value).__name__} on the wire")
    if "__ndarray__" in value:
        return array_from_text(value["__ndarray__"])
    if "__tuple__" in value:
        items = value["__tuple__"]
        if not isinstance(items, list):
            raise ProtocolError("malformed tuple")
        return tuple(decode(item, depth + 1) for item in items)
    if "__remote__" in value:
        handle = value["__remote__"]
        if not isinstance(handle, int) or isinstance(handle, bool):
            raise ProtocolError("malformed remote handle")
        return Remote(handle, safe_type_name(value.get("type", "object")))
    if "__dict__" in value:
        items = value["__dict__"]
        if not isinstance(items, dict):
            raise ProtocolError("malformed dict")
        return {str(key): decode(item, depth + 1) for key, item in items.items()}
    raise ProtocolError(f"unknown tagged value with keys {sorted(map(str, value))[:5]}")


def safe_type_name(name: Any) -> str:
    """A type name sent by the child, fit for a one-line message (a class name can be anything)."""
    text = one_line(name, TYPE_NAME_CHARS) if isinstance(name, str) else "object"
    return text or "object"


def encode_plain(value: Any) -> Any:
    """Encode grader-made arguments. Only plain data and Remote references are allowed."""
    if value is None or type(value) in (bool, int, float, str):
        return value
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return {"__ndarray__": array_to_text(value)}
    if isinstance(value, Remote):
        return {"__remote__": value.handle, "type": value.type_name}
    if isinstance(value, tuple):
        return {"__tuple__": [encode_plain(item) for item in value]}
    if isinstance(value, list):
        return [encode_plain(item) for item in value]
    if isinstance(value, dict):
        return {"__dict__": {str(key): encode_plain(item) for key, item in value.items()}}
    raise TypeError(f"cannot send a {type(value).__name__} to the child")


def frame(message: dict[str, Any]) -> bytes:
    """The JSON payload of `message`, checked against the size cap.

    Raises:
        ProtocolError: the payload is larger than MAX_MESSAGE_BYTES.
    """
    payload = json.dumps(message, allow_nan=True).encode("utf-8")
    if len(payload) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            f"a message of {len(payload) >> 20} MB is more than the {MAX_MESSAGE_BYTES >> 20} MB "
            "allowed"
        )
    return payload


def write_message(fd: int, message: dict[str, Any]) -> None:
    write_payload(fd, frame(message))


def write_payload(fd: int, payload: bytes) -> None:
    write_all(fd, HEADER.pack(len(payload)))
    write_all(fd, payload)


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def parse_payload(payload: bytes) -> dict[str, Any]:
    """A message from its JSON bytes.

    Raises:
        ProtocolError: anything that is not a JSON object (also hostile nesting).
    """
    try:
        message = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError, MemoryError) as error:
        raise ProtocolError(f"message is not JSON: {one_line(error, 80)}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message
