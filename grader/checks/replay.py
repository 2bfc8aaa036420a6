"""Record the reference's answers to the visible checks, and replay them without it.

The student edition ships without `solutions/`. Its visible checks still need what the
reference returns for their inputs, so the edition is built by running every visible
check, on the edition's fixed seed, against the reference and against every golden
variant (so the calls a diagnosis makes for a known mistake are there too), with a
`Recorder` standing in for each reference module. Each call the checks make into the
reference (a function, a class, a method of an object it returned) is stored under a key
made of its path and a digest of its arguments; the values are plain data (arrays,
numbers, strings, tuples, lists, dicts), and objects the reference returns (a model, a
cache) are recorded the same way, call by call, under the key of the call that made them.

In the edition, `replay_module` returns a `Replay` that answers the same calls from the
recording. A call that was never recorded raises `NotRecorded`, and the check reports that
the edition cannot say more (the full grader can).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from grader.i18n import _
from grader.isolation.protocol import array_from_text, array_to_text

RECORDED = Path(__file__).with_name("recorded")
# In a recording: the names the stub gives ready-made, and the stub's source that has them.
GIVEN_KEY = "__given__"
STUB_KEY = "__stub__"
# The seed every run of the edition uses: its visible checks were recorded on it.
EDITION_SEED = 0
# A file in grader/ that marks a student edition.
EDITION_MARKER = "EDITION"


def is_edition() -> bool:
    """Whether this installation is a student edition (visible checks, recorded reference)."""
    return (Path(__file__).parent.parent / EDITION_MARKER).is_file()


_sequence = threading.local()


def begin_check() -> None:
    """A check starts: calls are counted from here, so that a recording made with one
    submission answers the same calls of another (the grader calls this per check)."""
    _sequence.counts = {}


def sequenced(key: str) -> str:
    """Calls with the same arguments on one object may answer differently (a model that
    trains): the n-th such call in a check gets its own key."""
    counts: dict[str, int] = getattr(_sequence, "counts", None) or {}
    _sequence.counts = counts
    count = counts.get(key, 0)
    counts[key] = count + 1
    return f"{key}#{count}"


class NotRecorded(Exception):
    """The visible check asked the reference something the edition did not record."""

    def __str__(self) -> str:
        return _(
            "the student edition cannot check this answer any further (the reference's "
            "answer for it was not recorded); your instructor's grader will"
        )


# ---- Keys ------------------------------------------------------------------------------------


def digest(value: Any) -> str:
    """A stable digest of call arguments: arrays by kind, shape and values, floats rounded
    to single precision, so that another machine's last-bit differences (its BLAS) still
    find the recorded answer."""
    hasher = hashlib.sha256()
    feed(hasher, value)
    return hasher.hexdigest()[:24]


def feed(hasher: Any, value: Any) -> None:
    if isinstance(value, np.ndarray):
        array = np.ascontiguousarray(value)
        hasher.update(f"nd{array.dtype.kind}{array.shape}".encode())
        if array.dtype.kind in "fc":
            array = array.astype(np.complex64 if array.dtype.kind == "c" else np.float32)
        hasher.update(array.tobytes())
    elif isinstance(value, Handle):
        hasher.update(f"obj:{value.key}".encode())
    elif isinstance(value, list | tuple):
        hasher.update(f"{type(value).__name__}[{len(value)}]".encode())
        for item in value:
            feed(hasher, item)
    elif isinstance(value, dict):
        hasher.update(f"dict[{len(value)}]".encode())
        for key in sorted(value, key=repr):
            feed(hasher, key)
            feed(hasher, value[key])
    elif isinstance(value, np.generic):
        feed(hasher, value.item())
    elif isinstance(value, float):
        hasher.update(f"f{np.float32(value)!r}".encode())
    elif callable(value):
        hasher.update(f"fn:{getattr(value, '__qualname__', repr(value))}".encode())
    else:
        hasher.update(f"{type(value).__name__}:{value!r}".encode())


def call_key(path: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return f"{path}|{digest([list(args), kwargs])}"


def assigned(key: str, name: str, value: Any) -> str:
    """An object's key after `obj.name = value`: its answers depend on what it was given."""
    return f"{key}.{name}={digest(value)}"


# ---- Values ----------------------------------------------------------------------------------


class Handle:
    """An object the reference returned (a model, a cache), known by the key that made it."""

    def __init__(self, key: str) -> None:
        self.key = key


def encode(value: Any, key: str, objects: dict[int, str], alive: list[Any]) -> Any:
    """Plain data as JSON; anything else becomes an object reference (recorded by calls)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, np.generic):
        return {"scalar": value.item(), "dtype": value.dtype.str}
    if isinstance(value, np.ndarray):
        return {"ndarray": array_to_text(value)}
    if isinstance(value, tuple):
        return {"tuple": [encode(v, f"{key}.{i}", objects, alive) for i, v in enumerate(value)]}
    if isinstance(value, list):
        return [encode(v, f"{key}.{i}", objects, alive) for i, v in enumerate(value)]
    if isinstance(value, dict) and all(isinstance(name, str) for name in value):
        items = value.items()
        return {"dict": {n: encode(v, f"{key}.{n}", objects, alive) for n, v in items}}
    if id(value) not in objects:
        objects[id(value)] = key
        alive.append(value)
    return {"object": objects[id(value)]}


def decode(data: Any, replay: Replay) -> Any:
    if not isinstance(data, dict):
        if isinstance(data, list):
            return [decode(item, replay) for item in data]
        return data
    if "ndarray" in data:
        return array_from_text(data["ndarray"])
    if "scalar" in data:
        return np.dtype(data["dtype"]).type(data["scalar"])
    if "tuple" in data:
        return tuple(decode(item, replay) for item in data["tuple"])
    if "dict" in data:
        return {name: decode(item, replay) for name, item in data["dict"].items()}
    return ReplayedObject(replay, data["object"])


# ---- Recording (in the full workbook) ---------------------------------------------------------


class Recorder:
    """Stands in for a reference module while the visible checks run; stores every answer."""

    def __init__(self, module: Any) -> None:
        self._module = module
        self._answers: dict[str, Any] = {}
        self._objects: dict[int, str] = {}
        self._alive: list[Any] = []  # keeps recorded objects alive, so ids stay theirs

    def __getattr__(self, name: str) -> Any:
        return self._wrap(getattr(self._module, name), name)

    def _wrap(self, value: Any, path: str) -> Any:
        if callable(value):
            return self._callable(value, path)
        key = f"{path}|attr"
        self._answers[key] = encode(value, key, self._objects, self._alive)
        return self._objects_in(value, key)

    def _is_object(self, value: Any) -> bool:
        plain = (type(None), bool, int, float, str, np.ndarray, np.generic, tuple, list, dict)
        return not isinstance(value, plain)

    def _callable(self, function: Callable[..., Any], path: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            plain_args = self._unwrap(args)
            plain_kwargs = self._unwrap(kwargs)
            key = sequenced(call_key(path, self._keys(args), self._keys(kwargs)))
            before = [arg.copy() if isinstance(arg, np.ndarray) else None for arg in plain_args]
            result = function(*plain_args, **plain_kwargs)
            answer = {"result": encode(result, key, self._objects, self._alive)}
            changed = {
                str(i): array_to_text(arg)
                for i, (arg, old) in enumerate(zip(plain_args, before, strict=True))
                if old is not None and not np.array_equal(arg, old, equal_nan=True)
            }
            if changed:
                answer["changed"] = changed  # arrays the reference updated in place
            self._answers[key] = answer
            return self._objects_in(result, key)

        return call

    def _keys(self, value: Any) -> Any:
        """Arguments as the digest sees them: recorded objects by their key."""
        if isinstance(value, RecordedObject):
            return Handle(value._path)
        if isinstance(value, list | tuple):
            return type(value)(self._keys(item) for item in value)
        if isinstance(value, dict):
            return {name: self._keys(item) for name, item in value.items()}
        return value

    def _unwrap(self, value: Any) -> Any:
        if isinstance(value, RecordedObject):
            return value._value
        if isinstance(value, list | tuple):
            return type(value)(self._unwrap(item) for item in value)
        if isinstance(value, dict):
            return {name: self._unwrap(item) for name, item in value.items()}
        return value

    def _objects_in(self, value: Any, key: str) -> Any:
        if isinstance(value, tuple):
            return tuple(self._objects_in(item, f"{key}.{i}") for i, item in enumerate(value))
        if isinstance(value, list):
            return [self._objects_in(item, f"{key}.{i}") for i, item in enumerate(value)]
        if isinstance(value, dict) and all(isinstance(name, str) for name in value):
            return {name: self._objects_in(item, f"{key}.{name}") for name, item in value.items()}
        if self._is_object(value):
            if id(value) not in self._objects:
                self._objects[id(value)] = key
                self._alive.append(value)
            return RecordedObject(self, value, self._objects[id(value)])
        return value

    def answers(self) -> dict[str, Any]:
        return dict(self._answers)


class RecordedObject:
    """An object of the reference, watched: its attributes and method calls are recorded."""

    def __init__(self, recorder: Recorder, value: Any, path: str) -> None:
        object.__setattr__(self, "_recorder", recorder)
        object.__setattr__(self, "_value", value)
        object.__setattr__(self, "_path", path)

    def __getattr__(self, name: str) -> Any:
        return self._recorder._wrap(getattr(self._value, name), f"{self._path}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        """Set it on the real object; later answers are keyed by the state it now has."""
        setattr(self._value, name, self._recorder._unwrap(value))
        object.__setattr__(self, "_path", assigned(self._path, name, self._recorder._keys(value)))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._recorder._callable(self._value, f"{self._path}()")(*args, **kwargs)


RECORDERS: dict[str, Recorder] = {}
_recording = False


def start_recording() -> None:
    """From now on `grader.checks.reference.reference` hands out recorders (call this before
    the suites are imported: module-level reference calls are recorded too)."""
    global _recording
    _recording = True


def recording_reference(name: str, module: Any) -> Any:
    """The recorder of reference module `name` while recording, else the module itself."""
    if not _recording:
        return module
    return RECORDERS.setdefault(name, Recorder(module))


# ---- Replaying (in the student edition) ------------------------------------------------------


class Replay:
    """A reference module that answers from a recording.

    What the stub gives students ready-made (helpers outside any solution region, such as
    a loss or the data) runs for real, from the pristine stub stored with the recording;
    everything else is answered from the recorded calls.
    """

    def __init__(self, name: str, answers: dict[str, Any]) -> None:
        self._name = name
        self._given = set(answers.pop(GIVEN_KEY, []))
        stub = answers.pop(STUB_KEY, "")
        self._stub: dict[str, Any] = {"__name__": f"grader.checks.given.{name}"}
        if stub and self._given:
            exec(compile(stub, f"<stub of {name}>", "exec"), self._stub)  # noqa: S102 - ours
        self._answers = answers

    def __getattr__(self, name: str) -> Any:
        if name in self._given and name in self._stub:
            return self._stub[name]
        return self._lookup(name)

    def _lookup(self, path: str) -> Any:
        key = f"{path}|attr"
        if key in self._answers:
            return decode(self._answers[key], self)
        return ReplayedCallable(self, path)

    def _answer(self, path: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        key = call_key(path, self._keys(args), self._keys(kwargs))
        # The n-th such call in this check; a call made while the suites were imported
        # (module level, outside any check) was recorded as the first.
        recorded = self._answers.get(sequenced(key), self._answers.get(f"{key}#0"))
        if recorded is None:
            raise NotRecorded(f"{self._name}.{path}")
        for index, text in recorded.get("changed", {}).items():
            np.copyto(args[int(index)], array_from_text(text))
        return decode(recorded["result"], self)

    def _keys(self, value: Any) -> Any:
        if isinstance(value, ReplayedObject):
            return Handle(value._key)
        if isinstance(value, list | tuple):
            return type(value)(self._keys(item) for item in value)
        if isinstance(value, dict):
            return {name: self._keys(item) for name, item in value.items()}
        return value


class ReplayedCallable:
    def __init__(self, replay: Replay, path: str) -> None:
        self._replay = replay
        self._path = path

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._replay._answer(self._path, args, kwargs)


class ReplayedObject:
    """An object the reference returned, answered from the recording."""

    def __init__(self, replay: Replay, key: str) -> None:
        object.__setattr__(self, "_replay", replay)
        object.__setattr__(self, "_key", key)

    def __getattr__(self, name: str) -> Any:
        return self._replay._lookup(f"{self._key}.{name}")

    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, "_key", assigned(self._key, name, self._replay._keys(value)))

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._replay._answer(f"{self._key}()", args, kwargs)


# ---- Files -----------------------------------------------------------------------------------


def recording_path(module: str, folder: Path = RECORDED) -> Path:
    return folder / f"{module}.json.gz"


def save_recording(module: str, answers: dict[str, Any], folder: Path = RECORDED) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = recording_path(module, folder)
    # Keys sorted at the top only: a recorded dict keeps its own order (it may be the answer).
    payload = json.dumps(dict(sorted(answers.items()))).encode()
    # mtime=0: the same answers always give the same bytes (the edition is reproducible).
    path.write_bytes(gzip.compress(payload, mtime=0))
    return path


def replay_module(module: str) -> Replay:
    """The recorded stand-in of reference module `module` ("week17.ex7_3_softmax").

    Raises:
        ModuleNotFoundError: neither the reference nor a recording of it is installed.
    """
    path = recording_path(module, Path(os.environ.get("GRADER_RECORDED", RECORDED)))
    if not path.is_file():
        raise ModuleNotFoundError(f"no reference and no recording of {module}", name=module)
    answers: dict[str, Any] = json.loads(gzip.decompress(path.read_bytes()))
    return Replay(module, answers)
