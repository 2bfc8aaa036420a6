"""Hidden checks for the week-19 shape quiz: `lenet_shapes(n, h, w)`.

The expected answer comes from the reference. A wrong answer is explained at the first
layer whose shape is wrong, by comparing it with what known mistakes give for that layer.
small_single also calls lenet_shapes with arguments left out, to test the defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.expect import describe_type, fail
from grader.checks.reference import reference
from grader.isolation.protocol import Remote

if TYPE_CHECKING:
    from solutions.week19 import shape_quiz as quiz
else:
    quiz = reference("week19.shape_quiz")

suite = Suite("shape-quiz")

Shapes = dict[str, tuple[int, ...]]

BATCH_MISSING = "the batch dimension is missing: every shape starts with n"
CHANNELS = (
    "wrong number of channels: conv1 makes 6 feature maps, conv2 makes 16, and pooling keeps "
    "the channel count"
)
POOL_KEEPS_SIZE = (
    "the pooling keeps the spatial size; a 2x2 max pool with stride 2 halves it (rounding "
    "down): out = (in - 2) // 2 + 1"
)
POOL_ROUNDS_UP = (
    "the pooling rounds up; a leftover row or column that fills no whole 2x2 window is "
    "dropped: out = (in - 2) // 2 + 1"
)
CONV1_PADDING = (
    "conv1 uses padding=2, so a 5x5 kernel keeps the size: out = in + 2 * 2 - 5 + 1 = in"
)
CONV2_PADDING = "conv2 has no padding: a 5x5 kernel takes 2 pixels off each side, out = in - 4"
FLATTEN_400 = (
    "the flatten size is fixed at 400, which is right only for 28x28 inputs; compute it "
    "from pool2: 16 * H * W"
)
FLATTEN_NO_CHANNELS = "the flatten size must count every channel: 16 * H * W, not H * W"
HEIGHT_ONLY = (
    "the height is wrong while the width is right: the image height h (axis 2 of the input "
    "(n, 1, h, w)) runs through every layer: conv1 keeps it, each pool halves it rounding "
    "down, conv2 takes 4 off"
)
WIDTH_ONLY = (
    "the width is wrong while the height is right: the image width w (axis 3 of the input "
    "(n, 1, h, w)) runs through every layer: conv1 keeps it, each pool halves it rounding "
    "down, conv2 takes 4 off"
)
DEFAULTS = {"n": 1, "h": 28, "w": 28}
DENSE = "the dense layers have 120, 84 and 10 outputs whatever the image size: (n, 120), ..."


def expected(n: int, h: int, w: int) -> Shapes:
    return quiz.lenet_shapes(n, h, w)


def hint_for(layer: str, got: tuple[int, ...], want: tuple[int, ...], right: Shapes) -> str:
    """Why `got` (the student's shape for `layer`) differs from `want`, if a known mistake says."""
    if len(got) == len(want) - 1 and got == want[1:]:
        return BATCH_MISSING
    if layer == "input":
        return "the input entry is the batch as given: (n, 1, h, w)"
    if layer == "flatten":
        n, features = want
        _, _, h4, w4 = right["pool2"]
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
    _, _, h_in, w_in = right[previous]
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
        fail(f"{what} is a list; give each shape as a tuple, like array.shape")
    if not isinstance(value, tuple):
        fail(f"{what} is {describe_type(value)}; expected a shape tuple such as (n, 6, 28, 28)")
    for item in value:
        if type(item) is not int:
            fail(f"{what} = {value} holds {describe_type(item)}; shape entries are ints")
    return value


def verify(sub: Student, n: int, h: int, w: int, given: dict[str, int] | None = None) -> None:
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
    right = expected(n, h, w)
    if isinstance(got, Remote) and got.type_name == "dict":
        fail(f"{what} returned a dict whose keys are not all strings; use the layer names")
    if not isinstance(got, dict):
        fail(f"{what} returned {describe_type(got)}; expected a dict of shapes")
    missing = [key for key in right if key not in got]
    extra = [key for key in got if key not in right]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {', '.join(map(repr, missing))}")
        if extra:
            parts.append(f"unexpected {', '.join(map(repr, extra))}")
        hint = ""
        if any("relu" in key.lower() for key in extra):
            hint = " (ReLU never changes a shape, so it has no entry of its own)"
        fail(f"{what} has the wrong keys ({'; '.join(parts)}); expected {list(right)}{hint}")
    if list(got) != list(right):
        fail(f"{what} lists the layers as {list(got)}; expected the network's order {list(right)}")
    if given is not None:
        check_defaults(as_shape(got["input"], f"{what}['input']"), right["input"], what, given)
    for layer, want in right.items():
        shape = as_shape(got[layer], f"{what}[{layer!r}]")
        if shape != want:
            hint = hint_for(layer, shape, want, right)
            suffix = f": {hint}" if hint else ""
            fail(f"{what}[{layer!r}] is {shape}; expected {want}{suffix}")


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
            f"{what}['input'] is {shape}; expected {want}: an argument left out takes its "
            f"default, {', '.join(wrong)}"
        )


def verify_defaults(sub: Student, h: int, w: int) -> None:
    """lenet_shapes() is one 28x28 image; h or w alone leaves the other axis at 28."""
    for given in ({}, {"h": h}, {"w": w}):
        size = {**DEFAULTS, **given}
        verify(sub, size["n"], size["h"], size["w"], given)


def odd_sizes(rng: np.random.Generator) -> tuple[int, int]:
    """Non-square sizes whose later layers round down at a pooling (odd conv outputs)."""
    while True:
        h, w = (int(v) for v in rng.integers(12, 65, size=2))
        _, _, h3, w3 = expected(1, h, w)["conv2"]
        if h != w and (h % 2 or w % 2) and (h3 % 2 or w3 % 2):
            return h, w


@suite.check(points=1, title="lenet_shapes for a batch of 28x28 images", public=True)
def mnist_batch(sub: Student, rng: np.random.Generator) -> None:
    verify(sub, int(rng.integers(2, 129)), 28, 28)


@suite.check(points=2, title="lenet_shapes for random non-square images (12 to 64 pixels)")
def non_square(sub: Student, rng: np.random.Generator) -> None:
    for _ in range(3):
        h, w = (int(v) for v in rng.choice(np.arange(12, 65), size=2, replace=False))
        verify(sub, int(rng.integers(1, 65)), h, w)


@suite.check(points=1, title="odd sizes: pooling rounds down")
def odd_rounding(sub: Student, rng: np.random.Generator) -> None:
    h, w = odd_sizes(rng)
    verify(sub, int(rng.integers(2, 33)), h, w)


@suite.check(
    points=1,
    title="a single small image (n = 1, 12 to 20 pixels); the defaults n=1, h=28, w=28",
)
def small_single(sub: Student, rng: np.random.Generator) -> None:
    h, w = (int(v) for v in rng.choice(np.arange(12, 21), size=2, replace=False))
    verify(sub, 1, h, w)
    verify_defaults(sub, h, w)
