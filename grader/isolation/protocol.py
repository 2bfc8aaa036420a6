"""The wire format between the grader and a student's child process.

Messages are JSON, framed by an 8-byte big-endian length. Arrays travel as the
bytes of an `.npy` file (base64), which the grader reads back with
`allow_pickle=False`: nothing the student's code sends can run code in the grader.

Values that are not plain data (a model object, a generator, a DataLoader) stay in
the child; the grader gets a `Remote` reference to them and can pass it back.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

import numpy as np

HEADER = struct.Struct(">Q")
MAX_MESSAGE_BYTES = 256 * 1024 * 1024


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


def array_to_text(array: np.ndarray) -> str:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def array_from_text(text: str) -> np.ndarray:
    raw = base64.b64decode(text.encode("ascii"), validate=True)
    array = np.load(io.BytesIO(raw), allow_pickle=False)
    if not isinstance(array, np.ndarray):
        raise ProtocolError("array payload is not an .npy array")
    return array


def decode(value: Any) -> Any:
    """Turn a JSON value from the wire into Python data (grader side and child side)."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "__ndarray__" in value:
        return array_from_text(value["__ndarray__"])
    if "__tuple__" in value:
        return tuple(decode(item) for item in value["__tuple__"])
    if "__remote__" in value:
        return Remote(int(value["__remote__"]), str(value.get("type", "object")))
    if "__dict__" in value:
        return {str(key): decode(item) for key, item in value["__dict__"].items()}
    raise ProtocolError(f"unknown tagged value with keys {sorted(value)[:5]}")


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


def write_message(fd: int, message: dict[str, Any]) -> None:
    payload = json.dumps(message, allow_nan=True).encode("utf-8")
    data = HEADER.pack(len(payload)) + payload
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def parse_payload(payload: bytes) -> dict[str, Any]:
    try:
        message = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ProtocolError(f"message is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise ProtocolError("message is not a JSON object")
    return message
