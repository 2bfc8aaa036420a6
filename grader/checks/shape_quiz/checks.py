"""Hidden checks for the week-19 shape quiz: `lenet_shapes(n, h, w)`.

The expected answer comes from the reference. A wrong answer is explained at the first
layer whose shape is wrong, by comparing it with what known mistakes give for that layer.
small_single also calls lenet_shapes with arguments left out, to test the defaults.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.expect import describe_type, fail
from grader.i18n import N_, _
from grader.isolation.protocol import Remote

suite = Suite("shape-quiz")

Shapes = dict[str, tuple[int, ...]]

BATCH_MISSING = N_("the batch dimension is missing: every shape starts with n")
CHANNELS = N_(
    "wrong number of channels: conv1 makes 6 feature maps, conv2 makes 16, and pooling keeps "
    "the channel count"
)
POOL_KEEPS_SIZE = N_(
    "the pooling keeps the spatial size; a 2x2 max pool with stride 2 halves it (rounding "
    "down): out = (in - 2) // 2 + 1"
)
POOL_ROUNDS_UP = N_(
    "the pooling rounds up; a leftover row or column that fills no whole 2x2 window is "
    "dropped: out = (in - 2) // 2 + 1"
)
CONV1_PADDING = N_(
    "conv1 uses padding=2, so a 5x5 kernel keeps the size: out = in + 2 * 2 - 5 + 1 = in"
)
CONV2_PADDING = N_("conv2 has no padding: a 5x5 kernel takes 2 pixels off each side, out = in - 4")
FLATTEN_400 = N_(
    "the flatten size is fixed at 400, which is right only for 28x28 inputs; compute it "
    "from pool2: 16 * H * W"
)
FLATTEN_NO_CHANNELS = N_("the flatten size must count every channel: 16 * H * W, not H * W")
HEIGHT_ONLY = N_(
    "the height is wrong while the width is right: the image height h (axis 2 of the input "
    "(n, 1, h, w)) runs through every layer: conv1 keeps it, each pool halves it rounding "
    "down, conv2 takes 4 off"
)
WIDTH_ONLY = N_(
    "the width is wrong while the height is right: the image width w (axis 3 of the input "
    "(n, 1, h, w)) runs through every layer: conv1 keeps it, each pool halves it rounding "
    "down, conv2 takes 4 off"
)
DEFAULTS = {"n": 1, "h": 28, "w": 28}
DENSE = N_("the dense layers have 120, 84 and 10 outputs whatever the image size: (n, 120), ...")


INPUT_AS_GIVEN = N_("the input entry is the batch as given: (n, 1, h, w)")


def expected(n: int, h: int, w: int, ref: ModuleType) -> Shapes:
    """The reference's shapes, layer name -> shape, for a batch (n, 1, h, w)."""
    shapes: Shapes = ref.lenet_shapes(n, h, w)
    return shapes


def hint_for(layer: str, got: tuple[int, ...], want: tuple[int, ...], right: Shapes) -> str:
    """Why `got` (the student's shape for `layer`) differs from `want`, if a known mistake says.

    Returns the hint's English text (a catalog key), or "" when no known mistake matches.
    """
    if len(got) == len(want) - 1 and got == want[1:]:
        return BATCH_MISSING
    if layer == "input":
        return INPUT_AS_GIVEN
    if layer == "flatten":
        n = want[0]
        h4, w4 = right["pool2"][2:]
        if got == (n, 400):
            return FLATTEN_400
        if got == (n, h4 * w4):
            return FLATTEN_NO_CHANNELS
        return ""
    if layer in ("fc1", "fc2", "fc3"):
        return DENSE
    if len(got) != 4 or len(want) != 4:
        return ""
    if got[2:] == want[2:] and got[1] != want[1]:
        return CHANNELS
    previous = {"conv1": "input", "pool1": "conv1", "conv2": "pool1", "pool2": "conv2"}[layer]
    h_in, w_in = right[previous][2:]
    if layer.startswith("pool"):
        if got[2:] == (h_in, w_in):
            return POOL_KEEPS_SIZE
        if got[2:] == (-(-h_in // 2), -(-w_in // 2)):
            return POOL_ROUNDS_UP
    if layer == "conv1" and got[2:] == (h_in - 4, w_in - 4):
        return CONV1_PADDING
    if layer == "conv2" and got[2:] == (h_in, w_in):
        return CONV2_PADDING
    if got[:2] == want[:2] and got[3] == want[3]:
        return HEIGHT_ONLY
    if got[:3] == want[:3]:
        return WIDTH_ONLY
    return ""


def as_shape(value: Any, what: str) -> tuple[int, ...]:
    if isinstance(value, list):
        fail(_("{what} is a list; give each shape as a tuple, like array.shape").format(what=what))
    if not isinstance(value, tuple):
        fail(
            _("{what} is {type}; expected a shape tuple such as (n, 6, 28, 28)").format(
                what=what, type=describe_type(value)
            )
        )
    for item in value:
        if type(item) is not int:
            fail(
                _("{what} = {value} holds {type}; shape entries are ints").format(
                    what=what, value=value, type=describe_type(item)
                )
            )
    return value


def verify(
    sub: Student, ref: ModuleType, n: int, h: int, w: int, given: dict[str, int] | None = None
) -> None:
    """Compare lenet_shapes(n, h, w) with the reference, layer by layer.

    With `given`, only those keyword arguments are passed; (n, h, w) are what the call means
    once the others take their defaults.
    """
    if given is None:
        what = f"lenet_shapes({n}, {h}, {w})"
        got = sub.call("lenet_shapes", n, h, w)
    else:
        what = f"lenet_shapes({', '.join(f'{k}={v}' for k, v in given.items())})"
        got = sub.call("lenet_shapes", **given)
    right = expected(n, h, w, ref)
    if isinstance(got, Remote) and got.type_name == "dict":
        fail(
            _("{what} returned a dict whose keys are not all strings; use the layer names").format(
                what=what
            )
        )
    if not isinstance(got, dict):
        fail(
            _("{what} returned {type}; expected a dict of shapes").format(
                what=what, type=describe_type(got)
            )
        )
    check_keys(got, right, what)
    if given is not None:
        check_defaults(as_shape(got["input"], f"{what}['input']"), right["input"], what, given)
    for layer, want in right.items():
        shape = as_shape(got[layer], f"{what}[{layer!r}]")
        if shape == want:
            continue
        hint = hint_for(layer, shape, want, right)
        entry = {"what": what, "layer": repr(layer), "shape": shape, "want": want}
        if hint:
            message = _("{what}[{layer}] is {shape}; expected {want}: {hint}")
            fail(message.format(hint=_(hint), **entry))
        fail(_("{what}[{layer}] is {shape}; expected {want}").format(**entry))


def check_keys(got: dict[str, Any], right: Shapes, what: str) -> None:
    """The layer names of `got` must be those of `right`, in the network's order."""
    missing = [key for key in right if key not in got]
    extra = [key for key in got if key not in right]
    if missing or extra:
        parts = []
        if missing:
            parts.append(_("missing {keys}").format(keys=", ".join(map(repr, missing))))
        if extra:
            parts.append(_("unexpected {keys}").format(keys=", ".join(map(repr, extra))))
        found = {"what": what, "problems": "; ".join(parts), "keys": list(right)}
        if any("relu" in key.lower() for key in extra):
            fail(
                _(
                    "{what} has the wrong keys ({problems}); expected {keys} (ReLU never changes "
                    "a shape, so it has no entry of its own)"
                ).format(**found)
            )
        fail(_("{what} has the wrong keys ({problems}); expected {keys}").format(**found))
    if list(got) != list(right):
        fail(
            _("{what} lists the layers as {got}; expected the network's order {keys}").format(
                what=what, got=list(got), keys=list(right)
            )
        )


def check_defaults(
    shape: tuple[int, ...], want: tuple[int, ...], what: str, given: dict[str, int]
) -> None:
    """Name the defaults behind a wrong input entry of a call that leaves arguments out."""
    if shape == want or len(shape) != 4:
        return
    wrong = [
        f"{name}={DEFAULTS[name]}"
        for name, axis in (("n", 0), ("h", 2), ("w", 3))
        if name not in given and shape[axis] != want[axis]
    ]
    if wrong:
        fail(
            _(
                "{what}['input'] is {shape}; expected {want}: an argument left out takes its "
                "default, {defaults}"
            ).format(what=what, shape=shape, want=want, defaults=", ".join(wrong))
        )


def verify_defaults(sub: Student, ref: ModuleType, h: int, w: int) -> None:
    """lenet_shapes() is one 28x28 image; h or w alone leaves the other axis at 28."""
    for given in ({}, {"h": h}, {"w": w}):
        size = {**DEFAULTS, **given}
        verify(sub, ref, size["n"], size["h"], size["w"], given)


def odd_sizes(rng: np.random.Generator, ref: ModuleType) -> tuple[int, int]:
    """Non-square sizes whose later layers round down at a pooling (odd conv outputs)."""
    while True:
        h, w = (int(v) for v in rng.integers(12, 65, size=2))
        h3, w3 = expected(1, h, w, ref)["conv2"][2:]
        if h != w and (h % 2 or w % 2) and (h3 % 2 or w3 % 2):
            return h, w


@suite.check(points=1, title=N_("lenet_shapes for a batch of 28x28 images"), public=True)
def mnist_batch(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    verify(sub, ref, int(rng.integers(2, 129)), 28, 28)


@suite.check(points=2, title=N_("lenet_shapes for random non-square images (12 to 64 pixels)"))
def non_square(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for _i in range(3):
        h, w = (int(v) for v in rng.choice(np.arange(12, 65), size=2, replace=False))
        verify(sub, ref, int(rng.integers(1, 65)), h, w)


@suite.check(points=1, title=N_("odd sizes: pooling rounds down"))
def odd_rounding(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    h, w = odd_sizes(rng, ref)
    verify(sub, ref, int(rng.integers(2, 33)), h, w)


@suite.check(
    points=1,
    title=N_("a single small image (n = 1, 12 to 20 pixels); the defaults n=1, h=28, w=28"),
)
def small_single(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    h, w = (int(v) for v in rng.choice(np.arange(12, 21), size=2, replace=False))
    verify(sub, ref, 1, h, w)
    verify_defaults(sub, ref, h, w)
