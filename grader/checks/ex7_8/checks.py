"""Hidden checks for exercise 7.8: the output size of a 2-D convolution.

Each check asks `conv2d_out` about a few cases and compares the answers with the size
formula `out = (in + 2p - k) // s + 1`, applied per axis. When the answers are wrong, they
are compared with the answers of known mistakes (computed here) over all the cases of the
check, so the feedback names the mistake rather than one wrong number. The two 28x28 checks
also ask again leaving out each argument that has its default (stride=1, padding=0).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.expect import describe_type, fail, number
from grader.i18n import N_, _

suite = Suite("7.8")

# (H, W, KH, KW, stride, padding)
Case = tuple[int, int, int, int, int, int]
Answer = tuple[float, float]
AxisRule = Callable[[int, int, int, int], float]  # (size, kernel, stride, padding) -> out

PAD_ONCE = N_(
    "adds the padding once; padding puts zeros on both sides of each axis, so use in + 2 * padding"
)
NO_PLUS_ONE = N_(
    "forgets the + 1: the kernel's first position counts too, "
    "out = (in + 2 * padding - kernel) // stride + 1"
)
CEIL = N_(
    "rounds up; positions where the kernel would stick out past the edge are dropped, "
    "so round down with floor division //"
)
ROUND = N_("rounds to the nearest integer; the size rounds down: use floor division //")
TRUE_DIV = N_(
    "returns fractions: / is true division; use floor division // so the size rounds down "
    "to a whole number"
)
SWAPPED = N_("returns (W_out, H_out); the first value is the height, the second the width")
KERNEL_AXES = N_("pairs the kernel sizes with the wrong axes: KH goes with H and KW with W")
KERNEL_IGNORED = N_(
    "leaves the kernel size out of the formula; with no dilation the receptive field is the "
    "kernel itself: out = (in + 2 * padding - kernel) // stride + 1"
)
HEIGHT_FROM_W = N_(
    "computes the height from the input width W; H_out comes from the input height: "
    "(H + 2 * padding - KH) // stride + 1"
)
WIDTH_FROM_H = N_(
    "computes the width from the input height H; W_out comes from the input width: "
    "(W + 2 * padding - KW) // stride + 1"
)
KH_BOTH = N_(
    "uses the kernel height KH on both axes; the width goes with the kernel width: "
    "(W + 2 * padding - KW) // stride + 1"
)
KW_BOTH = N_(
    "uses the kernel width KW on both axes; the height goes with the kernel height: "
    "(H + 2 * padding - KH) // stride + 1"
)
DEFAULTS = {"stride": 1, "padding": 0}
DEFAULT_WHY = {
    "stride": N_("stride defaults to 1: the kernel visits every position"),
    "padding": N_("padding defaults to 0: no zeros are added unless asked for"),
}
STRIDE_AS_POOLING = N_(
    "divides the stride-1 output size by the stride, as if the stride were a pooling step "
    "after the convolution; the stride spaces the kernel positions: "
    "out = (in + 2 * padding - kernel) // stride + 1"
)


def right(case: Case, ref: ModuleType) -> tuple[int, int]:
    """The reference's (H_out, W_out) for `case`."""
    H, W, KH, KW, stride, padding = case
    sizes: tuple[int, int] = ref.conv2d_out(H, W, KH, KW, stride=stride, padding=padding)
    return sizes


# A known mistake's answer to a case, given the right answer (H_out, W_out) to that case.
MistakeRule = Callable[[Case, tuple[int, int]], Answer]


def per_axis(rule: AxisRule) -> MistakeRule:
    def answer(case: Case, want: tuple[int, int]) -> Answer:
        H, W, KH, KW, s, p = case
        return float(rule(H, KH, s, p)), float(rule(W, KW, s, p))

    return answer


def swapped(case: Case, want: tuple[int, int]) -> Answer:
    h, w = want
    return float(w), float(h)


def kernel_axes(case: Case, want: tuple[int, int]) -> Answer:
    H, W, KH, KW, s, p = case
    return float((H + 2 * p - KW) // s + 1), float((W + 2 * p - KH) // s + 1)


def one_kernel(index: int) -> MistakeRule:
    """Both axes use the kernel size at `index` of the case (2: KH, 3: KW)."""

    def answer(case: Case, want: tuple[int, int]) -> Answer:
        H, W, s, p = case[0], case[1], case[4], case[5]
        k = case[index]
        return float((H + 2 * p - k) // s + 1), float((W + 2 * p - k) // s + 1)

    return answer


def height_from_w(case: Case, want: tuple[int, int]) -> Answer:
    W, KH, s, p = case[1], case[2], case[4], case[5]
    return float((W + 2 * p - KH) // s + 1), float(want[1])


def width_from_h(case: Case, want: tuple[int, int]) -> Answer:
    H, KW, s, p = case[0], case[3], case[4], case[5]
    return float(want[0]), float((H + 2 * p - KW) // s + 1)


# Tried in this order; a mistake is named only if it explains every case of the check.
MISTAKES: tuple[tuple[str, MistakeRule], ...] = (
    (PAD_ONCE, per_axis(lambda n, k, s, p: (n + p - k) // s + 1)),
    (NO_PLUS_ONE, per_axis(lambda n, k, s, p: (n + 2 * p - k) // s)),
    (TRUE_DIV, per_axis(lambda n, k, s, p: (n + 2 * p - k) / s + 1)),
    (CEIL, per_axis(lambda n, k, s, p: math.ceil((n + 2 * p - k) / s) + 1)),
    (ROUND, per_axis(lambda n, k, s, p: round((n + 2 * p - k) / s) + 1)),
    (ROUND, per_axis(lambda n, k, s, p: math.floor((n + 2 * p - k) / s + 0.5) + 1)),
    (STRIDE_AS_POOLING, per_axis(lambda n, k, s, p: (n + 2 * p - k + 1) // s)),
    (KERNEL_IGNORED, per_axis(lambda n, k, s, p: (n + 2 * p - 1) // s + 1)),
    (SWAPPED, swapped),
    (KERNEL_AXES, kernel_axes),
    (HEIGHT_FROM_W, height_from_w),
    (WIDTH_FROM_H, width_from_h),
    (KH_BOTH, one_kernel(2)),
    (KW_BOTH, one_kernel(3)),
)


def describe(case: Case, omit: Sequence[str] = ()) -> str:
    """The call that asks `case`, leaving out the keyword arguments named in `omit`."""
    H, W, KH, KW = case[:4]
    given = "".join(f", {name}={value}" for name, value in keywords(case, omit).items())
    return f"conv2d_out({H}, {W}, {KH}, {KW}{given})"


def keywords(case: Case, omit: Sequence[str] = ()) -> dict[str, int]:
    stride, padding = case[4], case[5]
    return {k: v for k, v in (("stride", stride), ("padding", padding)) if k not in omit}


def ask(sub: Student, case: Case, omit: Sequence[str] = ()) -> tuple[Any, Answer]:
    """The student's answer to `case`: the raw tuple (for messages) and its two numbers."""
    H, W, KH, KW = case[:4]
    got = sub.call("conv2d_out", H, W, KH, KW, **keywords(case, omit))
    what = describe(case, omit)
    if isinstance(got, list):
        fail(_("{what} returned a list; return a tuple (H_out, W_out)").format(what=what))
    if not isinstance(got, tuple):
        fail(
            _("{what} returned {type}; expected a tuple (H_out, W_out)").format(
                what=what, type=describe_type(got)
            )
        )
    if len(got) != 2:
        fail(
            _("{what} returned {count} values; expected 2: (H_out, W_out)").format(
                what=what, count=len(got)
            )
        )
    h = number(got[0], f"{what}[0]")
    w = number(got[1], f"{what}[1]")
    return got, (h, w)


def same(a: Answer, b: Sequence[float]) -> bool:
    return all(math.isclose(x, y, rel_tol=0.0, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


def verify(sub: Student, cases: Sequence[Case], ref: ModuleType) -> list[Any]:
    """Ask every case; fail naming a mistake, or the first wrong case. Return the raw answers."""
    raw: list[Any] = []
    answers: list[Answer] = []
    for case in cases:
        got, answer = ask(sub, case)
        raw.append(got)
        answers.append(answer)
    wants = [right(case, ref) for case in cases]
    wrong = [i for i in range(len(cases)) if not same(answers[i], wants[i])]
    if not wrong:
        return raw
    first = wrong[0]
    for hint, mistake in MISTAKES:
        if all(
            same(answer, mistake(case, want))
            for answer, case, want in zip(answers, cases, wants, strict=True)
        ):
            fail(
                _("conv2d_out {hint} (e.g. {call} returned {got})").format(
                    hint=_(hint), call=describe(cases[first]), got=raw[first]
                )
            )
    fail(
        _("{call} is wrong: returned {got}, expected {want}").format(
            call=describe(cases[first]), got=raw[first], want=wants[first]
        )
    )


def verify_defaults(sub: Student, case: Case, ref: ModuleType) -> None:
    """Ask `case` again leaving out, one at a time, each argument that has its default value."""
    for name, default in DEFAULTS.items():
        if keywords(case)[name] != default:
            continue
        got, answer = ask(sub, case, omit=(name,))
        want = right(case, ref)
        if not same(answer, want):
            fail(
                _("{call} returned {got}, but {full_call} is {want}: {why}").format(
                    call=describe(case, (name,)),
                    got=got,
                    full_call=describe(case),
                    want=want,
                    why=_(DEFAULT_WHY[name]),
                )
            )


def axis(rng: np.random.Generator, stride: int, remainder: int) -> tuple[int, int, int]:
    """(size, kernel, padding) of an axis with (size + 2 padding - kernel) % stride == remainder"""
    kernel = int(rng.integers(2, 8))
    padding = int(rng.integers(0, 4))
    steps = int(rng.integers(3, 13))
    size = stride * steps + remainder - 2 * padding + kernel
    return size, kernel, padding


def strided_case(
    rng: np.random.Generator, stride: int, rests: tuple[int, int], ref: ModuleType
) -> Case:
    """A non-square case with a given stride and per-axis remainders of the division."""
    while True:
        H, KH, padding = axis(rng, stride, rests[0])
        kernel = int(rng.integers(2, 8))
        # The width axis shares the padding; solve for its size.
        W = stride * int(rng.integers(3, 13)) + rests[1] - 2 * padding + kernel
        case = (H, W, KH, kernel, stride, padding)
        h_out, w_out = right(case, ref)
        if H != W and KH != kernel and h_out != w_out and min(H, W) >= 1:
            return case


@suite.check(
    points=1, title=N_("28x28 input, 5x5 kernel, stride 1, padding 0 -> (24, 24)"), public=True
)
def mnist_no_padding(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    case: Case = (28, 28, 5, 5, 1, 0)
    verify(sub, [case], ref)
    verify_defaults(sub, case, ref)


@suite.check(
    points=1, title=N_("28x28 input, 5x5 kernel, stride 1, padding 2 -> (28, 28)"), public=True
)
def mnist_same_padding(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    case: Case = (28, 28, 5, 5, 1, 2)
    verify(sub, [case], ref)
    verify_defaults(sub, case, ref)


@suite.check(points=2, title=N_("non-square inputs and kernels (H != W, KH != KW), stride 1"))
def non_square(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    cases: list[Case] = []
    while len(cases) < 4:
        H, W = (int(v) for v in rng.integers(8, 65, size=2))
        KH, KW = (int(v) for v in rng.integers(1, 8, size=2))
        padding = int(rng.integers(1, 4)) if len(cases) < 2 else int(rng.integers(0, 4))
        case = (H, W, KH, KW, 1, padding)
        h_out, w_out = right(case, ref)
        if H != W and KH != KW and h_out != w_out and KH > 1 and KW > 1:
            cases.append(case)
    verify(sub, cases, ref)


@suite.check(points=2, title=N_("strides 2-4 that divide unevenly round down (floor)"), public=True)
def uneven_strides(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Remainders chosen so that every rounding mistake shows on at least one axis: 0 (exact),
    # s - 1 (round-to-nearest goes up), 1 with s >= 3 (stride-as-pooling differs).
    big = int(rng.integers(3, 5))
    cases = [
        strided_case(rng, 2, (1, 0), ref),
        strided_case(rng, 3, (2, 1), ref),
        strided_case(rng, big, (1, big - 1), ref),
        strided_case(rng, int(rng.integers(2, 5)), (0, 1), ref),
    ]
    order = rng.permutation(len(cases))
    verify(sub, [cases[int(i)] for i in order], ref)


@suite.check(points=1, title=N_("returns a tuple of Python ints"))
def returns_ints(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Several cases, so that a wrong value is still diagnosed without ambiguity.
    cases = [
        strided_case(rng, 1, (0, 0), ref),
        strided_case(rng, 2, (0, 1), ref),
        strided_case(rng, 3, (2, 0), ref),
    ]
    for case, raw in zip(cases, verify(sub, cases, ref), strict=True):
        if not all(type(value) is int for value in raw):
            fail(
                _(
                    "{call} returned {got}: the sizes must be ints (a size is a count of "
                    "positions); floor division // of ints gives ints, or wrap the result in int()"
                ).format(call=describe(case), got=raw)
            )
