"""Hidden checks for the week-19 NumPy CNN forward pass (exercise "cnn-forward").

Inputs stay small (a few 8x9 images, a LeNet batch of 2-3), so a loop-based convolution
still grades in well under the 20 s limit. Expected values come from the reference module;
known mistakes are recomputed here with the same code and a twist (a flipped kernel, a
missing bias, the wrong pooling, a missing ReLU, another flatten order).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import Findings, close, fail
from grader.checks.lenet import MISMATCH, explain_shape_error, lenet_mistakes
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("cnn-forward")

RTOL, ATOL = 1e-5, 1e-7

FLIPPED = N_(
    "flips the kernel (a textbook convolution); deep-learning 'convolution' is a "
    "cross-correlation: multiply each window by W as it is, without reversing it"
)
NO_BIAS = N_("the bias is missing: add b[c_out] to every output position of channel c_out")
FLIPPED_NO_BIAS = N_("flips the kernel and forgets the bias (see both hints above)")
BIAS_PER_PRODUCT = N_(
    "adds the bias inside the sum, once per product (c_in * kh * kw times); add b[c_out] "
    "once per output position, after summing the window"
)
BIAS_PER_CHANNEL = N_(
    "adds the bias once per input channel (c_in times); add b[c_out] once per output "
    "position, after summing over every input channel"
)
SQUARE_KERNEL = N_(
    "assumes a square kernel: W has shape (c_out, c_in, kh, kw) with kh != kw here; read "
    "both sizes (_, _, kh, kw = W.shape) and use kh for rows, kw for columns"
)
SQUARE_IMAGE = N_(
    "assumes a square image: X has shape (n, c, h, w) with h != w here; read both sizes "
    "from X.shape and use h for rows, w for columns"
)
CHANNELS_LAST = N_(
    "returns the channels last, (n, h_out, w_out, c_out); the output is (n, c_out, h_out, "
    "w_out): move the channel axis to position 1, e.g. Z.transpose(0, 3, 1, 2)"
)
STRIDE_DEFAULT = N_(
    "the stride should default to 1 (every position): def conv2d_forward(X, W, b, stride=1, "
    "padding=0); only pooling's stride defaults to the window size"
)
PADDING_DEFAULT = N_(
    "the padding should default to 0 (no padding): def conv2d_forward(X, W, b, stride=1, padding=0)"
)
PADDING_IGNORED = N_("the padding is ignored: pad both spatial axes with `padding` zeros first")
PADDING_ONE_SIDE = N_(
    "pads only one side of each axis; padding adds zeros before and after, e.g. "
    "np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))"
)
STRIDE_IGNORED = N_("the stride is ignored: move the kernel `stride` pixels between positions")
ROUNDS_UP = N_(
    "keeps a partial window at the edge; positions where the window sticks out are dropped: "
    "out = (in + 2 * padding - k) // stride + 1"
)
AVG_FOR_MAX = N_("averages each window; max pooling keeps the largest value of each window")
MAX_FOR_AVG = N_("takes the maximum of each window; average pooling takes the mean")
SUM_FOR_AVG = N_("sums each window; average pooling divides that sum by size * size")
POOL_STRIDE_DEFAULT = N_(
    "the stride should default to the window size: with stride=None use stride = size "
    "(windows side by side, not overlapping)"
)
POOL_STRIDE_IGNORED = N_(
    "uses the window size as the stride and ignores the stride argument (here the windows overlap)"
)
POOL_SIZE_IGNORED = N_(
    "uses 2x2 windows whatever the size: take (size, size) windows, e.g. "
    "sliding_window_view(X, (size, size), axis=(2, 3))"
)
POOL_SIZE_DEFAULT = N_("size should default to 2 (2x2 windows, as LeNet pools)")
POOL_PARTIAL = N_(
    "keeps the partial windows at the edges; rows and columns that do not fill a whole "
    "window are dropped: out = (in - size) // stride + 1"
)


def out_size(size: int, kernel: int, stride: int, padding: int) -> int:
    return (size + 2 * padding - kernel) // stride + 1


# A known mistake's output shape and hint, and optionally its output, for mistakes that
# share a shape with another one.
Gate = tuple[tuple[int, ...], str] | tuple[tuple[int, ...], str, np.ndarray]


def shape_gate(got: Any, want: tuple[int, ...], what: str, wrong: Sequence[Gate]) -> None:
    """Name the first mistake whose shape (and output, where one is given) `got` has; the
    hints in `wrong` are already translated."""
    if isinstance(got, np.ndarray) and got.shape != want:
        for shape, hint, *value in wrong:
            if got.shape != shape or shape == want:
                continue
            if not value or np.allclose(got, value[0], rtol=RTOL, atol=ATOL, equal_nan=True):
                fail(wrong_shape(what, got.shape, want, hint))


def wrong_shape(what: str, shape: tuple[int, ...], want: tuple[int, ...], hint: str) -> str:
    """The message for a result of the wrong shape, with its (translated) hint."""
    return _("{what} returned shape {shape}; expected {want}: {hint}").format(
        what=what, shape=shape, want=want, hint=hint
    )


def conv_inputs(
    rng: np.random.Generator, h: int, w: int, kh: int, kw: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n, c_in, c_out = int(rng.integers(2, 4)), int(rng.integers(2, 4)), int(rng.integers(3, 5))
    return (
        rng.standard_normal((n, c_in, h, w)),
        rng.standard_normal((c_out, c_in, kh, kw)),
        rng.standard_normal(c_out),
    )


def kernel_sizes(rng: np.random.Generator) -> tuple[int, int]:
    kh = int(rng.integers(2, 5))
    kw = int(rng.choice([k for k in (2, 3, 4) if k != kh]))
    return kh, kw


PADDING_ALL_AXES = N_(
    "the batch axis grew by 2 * padding: np.pad(X, padding) pads every axis, the batch and "
    "channel axes too. Pad only the two image axes: "
    "np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))"
)


def check_conv(
    sub: Student,
    ref: ModuleType,
    X: np.ndarray,
    W: np.ndarray,
    b: np.ndarray,
    stride: int,
    padding: int,
) -> None:
    """conv2d_forward(X, W, b, stride, padding) against the reference; X (n, c_in, h, w),
    W (c_out, c_in, kh, kw), b (c_out,)."""
    n, h, w = X.shape[0], X.shape[2], X.shape[3]
    c_out, kh, kw = W.shape[0], W.shape[2], W.shape[3]
    what = f"conv2d_forward(X {X.shape}, W {W.shape}, b, stride={stride}, padding={padding})"
    got = call_conv(sub, X, W, b, stride, padding, what)
    want = ref.conv2d_forward(X, W, b, stride=stride, padding=padding)

    def shape(
        s: int, p_before: int, p_after: int, ceil: bool = False, square: int = 0
    ) -> tuple[int, ...]:
        """The output shape of a mistake; `square` stands for both image sizes when given."""
        dims = ((square or h, kh), (square or w, kw))
        if ceil:
            sizes = [-(-(d + 2 * p_before - k) // s) + 1 for d, k in dims]
        else:
            sizes = [(d + p_before + p_after - k) // s + 1 for d, k in dims]
        return (n, c_out, *sizes)

    shape_gate(
        got,
        want.shape,
        what,
        [
            (shape(1, padding, padding), _(STRIDE_IGNORED)),
            (shape(stride, 0, 0), _(PADDING_IGNORED)),
            (shape(1, 0, 0), "; ".join((_(PADDING_IGNORED), _(STRIDE_IGNORED)))),
            (shape(stride, padding, 0), _(PADDING_ONE_SIDE)),
            ((n + 2 * padding, *want.shape[1:]), _(PADDING_ALL_AXES)),
            (shape(stride, padding, padding, ceil=True), _(ROUNDS_UP)),
            (square_shape(X, W, stride, padding, use="kh"), _(SQUARE_KERNEL)),
            (square_shape(X, W, stride, padding, use="kw"), _(SQUARE_KERNEL)),
            (shape(stride, padding, padding, square=h), _(SQUARE_IMAGE)),
            (shape(stride, padding, padding, square=w), _(SQUARE_IMAGE)),
            ((n, *want.shape[2:], c_out), _(CHANNELS_LAST)),
        ],
    )
    flipped = W[:, :, ::-1, ::-1]
    zero = np.zeros_like(b)
    close(
        got,
        want,
        what,
        rtol=RTOL,
        atol=ATOL,
        mistakes=[
            Mistake(_(FLIPPED), ref.conv2d_forward(X, flipped, b, stride=stride, padding=padding)),
            Mistake(_(NO_BIAS), ref.conv2d_forward(X, W, zero, stride=stride, padding=padding)),
            Mistake(
                _(FLIPPED_NO_BIAS),
                ref.conv2d_forward(X, flipped, zero, stride=stride, padding=padding),
            ),
            Mistake(
                _(BIAS_PER_PRODUCT),
                ref.conv2d_forward(X, W, b * W[0].size, stride=stride, padding=padding),
            ),
            Mistake(
                _(BIAS_PER_CHANNEL),
                ref.conv2d_forward(X, W, b * W.shape[1], stride=stride, padding=padding),
            ),
        ],
        given=f"X[0, 0, :2, :2] = {np.round(X[0, 0, :2, :2], 3).tolist()}",
    )


def check_conv_defaults(
    sub: Student, ref: ModuleType, X: np.ndarray, W: np.ndarray, b: np.ndarray
) -> None:
    """Leave out the stride, then the padding. The explicit call is already right, so each
    call can only go wrong through the one default it leaves out."""
    want = ref.conv2d_forward(X, W, b, stride=1, padding=0)
    given = f"X {X.shape}, W {W.shape}, b"
    with Findings() as findings:
        findings.run(
            default_call,
            lambda: sub.call("conv2d_forward", X, W, b, padding=0),
            want,
            _("conv2d_forward({given}, padding=0) with the default stride").format(given=given),
            _(STRIDE_DEFAULT),
        )
        findings.run(
            default_call,
            lambda: sub.call("conv2d_forward", X, W, b, stride=1),
            want,
            _("conv2d_forward({given}, stride=1) with the default padding").format(given=given),
            _(PADDING_DEFAULT),
        )


def default_call(call: Callable[[], Any], want: np.ndarray, what: str, hint: str) -> None:
    """`call()` leaves some arguments to their defaults; `want` is what it gives with every
    argument spelled out, so any difference (an error, a shape, a value) is `hint` (already
    translated)."""
    try:
        got = call()
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        fail(raised(what, failure, hint))
    if isinstance(got, np.ndarray) and got.shape != want.shape:
        fail(wrong_shape(what, got.shape, want.shape, hint))
    close(got, want, what, rtol=RTOL, atol=ATOL, mistakes=[Mistake(hint, test=lambda got: True)])


def raised(what: str, failure: StudentFailure, hint: str) -> str:
    """The message for a call that raised, with the (translated) hint that explains it."""
    return _("{what} raised {error}: {hint}").format(what=what, error=failure.describe(), hint=hint)


def square_shape(
    X: np.ndarray, W: np.ndarray, stride: int, padding: int, use: str
) -> tuple[int, ...]:
    """The output shape of a convolution that took both kernel sizes from kh (or kw)."""
    k = W.shape[2] if use == "kh" else W.shape[3]
    return (
        X.shape[0],
        W.shape[0],
        out_size(X.shape[2], k, stride, padding),
        out_size(X.shape[3], k, stride, padding),
    )


def call_conv(
    sub: Student, X: np.ndarray, W: np.ndarray, b: np.ndarray, stride: int, padding: int, what: str
) -> Any:
    """Call conv2d_forward; name the square-kernel assumption when only kh != kw fails."""
    try:
        return sub.call("conv2d_forward", X, W, b, stride=stride, padding=padding)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented" or W.shape[2] == W.shape[3]:
            raise
        k = min(W.shape[2], W.shape[3])
        try:
            sub.call("conv2d_forward", X, W[:, :, :k, :k], b, stride=stride, padding=padding)
        except StudentFailure as square_failure:
            if square_failure.fatal:
                raise
            raise failure from None
        fail(
            _("{what} raised {error}, but works for a square kernel: it {hint}").format(
                what=what, error=failure.describe(), hint=_(SQUARE_KERNEL)
            )
        )


@suite.check(
    points=2,
    title=N_("conv2d_forward: batch of multi-channel, non-square images"),
    public=True,
)
def conv_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    kh, kw = kernel_sizes(rng)
    h = int(rng.integers(6, 9))
    # w - h > |kh - kw|, so a square image's output shape is never a square kernel's.
    X, W, b = conv_inputs(rng, h, h + int(rng.integers(3, 5)), kh, kw)
    check_conv(sub, ref, X, W, b, stride=1, padding=0)
    check_conv_defaults(sub, ref, X, W, b)


@suite.check(points=1, title=N_("conv2d_forward with padding 1-2 on both sides"))
def conv_padding(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    kh, kw = kernel_sizes(rng)
    h = int(rng.integers(6, 9))
    X, W, b = conv_inputs(rng, h, h + int(rng.integers(3, 5)), kh, kw)
    check_conv(sub, ref, X, W, b, stride=1, padding=int(rng.integers(1, 3)))


@suite.check(points=1, title=N_("conv2d_forward with stride 2-3 that divides unevenly"))
def conv_stride(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    while True:
        kh, kw = kernel_sizes(rng)
        h = int(rng.integers(7, 10))
        w = h + int(rng.integers(1, 3))
        stride, padding = int(rng.integers(2, 4)), int(rng.integers(0, 3))
        if (h + 2 * padding - kh) % stride and (w + 2 * padding - kw) % stride:
            break
    X, W, b = conv_inputs(rng, h, w, kh, kw)
    check_conv(sub, ref, X, W, b, stride=stride, padding=padding)


POOL_ACROSS_CHANNELS = N_(
    "it pools across the channels as well (every channel comes out the same); pool each "
    "channel on its own: reduce only over the window's two axes"
)
WRONG_COUNT = N_(
    "it divides each window's sum by the window's side; a window holds size * size values, "
    "so divide by size * size (or take the mean over both window axes)"
)


def check_pool(sub: Student, rng: np.random.Generator, ref: ModuleType, kind: str) -> None:
    """Pool X (n, c, h, w) with overlapping windows (size 3, stride 2), then with the default
    stride, then with the default size too; `kind` is "max" or "avg"."""
    name = f"{kind}_pool2d_forward"
    reference = ref.max_pool2d_forward if kind == "max" else ref.avg_pool2d_forward
    n, c = int(rng.integers(2, 4)), int(rng.integers(2, 4))
    # h odd, w even: each of the two calls below has one axis that windows don't fill evenly.
    # w - h is 3 or 5, so no mistake's shape (a square image's, a partial window's) is another's.
    h = 2 * int(rng.integers(3, 6)) + 1
    w = h + 2 * int(rng.integers(4, 6)) - 5
    X = rng.standard_normal((n, c, h, w))

    def mistakes(size: int, stride: int) -> list[Mistake]:
        windows = np.lib.stride_tricks.sliding_window_view(X, (size, size), axis=(2, 3))
        windows = windows[:, :, ::stride, ::stride]
        # Pooled across the channels too: one map per image, the same for every channel.
        across = windows.max(axis=(1, -2, -1)) if kind == "max" else windows.mean(axis=(1, -2, -1))
        channels = Mistake(_(POOL_ACROSS_CHANNELS), np.repeat(across[:, None], c, axis=1))
        if kind == "max":
            return [Mistake(_(AVG_FOR_MAX), windows.mean(axis=(-2, -1))), channels]
        return [
            Mistake(_(MAX_FOR_AVG), windows.max(axis=(-2, -1))),
            Mistake(_(SUM_FOR_AVG), windows.sum(axis=(-2, -1))),
            Mistake(_(WRONG_COUNT), windows.sum(axis=(-2, -1)) / size),
            channels,
        ]

    def reduced(size: int, stride: int) -> np.ndarray:
        windows = np.lib.stride_tricks.sliding_window_view(X, (size, size), axis=(2, 3))
        windows = windows[:, :, ::stride, ::stride]
        pooled: np.ndarray = (
            windows.max(axis=(-2, -1)) if kind == "max" else windows.mean(axis=(-2, -1))
        )
        return pooled

    def partial(size: int, stride: int) -> tuple[int, ...]:
        return (n, c, -(-(h - size) // stride) + 1, -(-(w - size) // stride) + 1)

    def square(size: int, stride: int) -> list[tuple[tuple[int, ...], str]]:
        """The shapes of pooling that takes one image size (h or w) for both axes."""
        return [((n, c, *[(d - size) // stride + 1] * 2), _(SQUARE_IMAGE)) for d in (h, w)]

    size, stride = 3, 2
    what = f"{name}(X {X.shape}, size={size}, stride={stride})"
    got = sub.call(name, X, size=size, stride=stride)
    want = reference(X, size, stride)
    shape_gate(
        got,
        want.shape,
        what,
        [
            ((n, c, (h - size) // size + 1, (w - size) // size + 1), _(POOL_STRIDE_IGNORED)),
            # 2x2 windows share their shape with the partial windows: told apart by value.
            (reduced(2, stride).shape, _(POOL_SIZE_IGNORED), reduced(2, stride)),
            (partial(size, stride), _(POOL_PARTIAL)),
            *square(size, stride),
        ],
    )
    close(got, want, what, rtol=RTOL, atol=ATOL, mistakes=mistakes(size, stride))

    size = 2
    what = _("{name}(X {shape}, size={size}) with the default stride").format(
        name=name, shape=X.shape, size=size
    )
    got = sub.call(name, X, size=size)
    want = reference(X, size)
    shape_gate(
        got,
        want.shape,
        what,
        [
            ((n, c, h - size + 1, w - size + 1), _(POOL_STRIDE_DEFAULT)),
            (partial(size, size), _(POOL_PARTIAL)),
            *square(size, size),
        ],
    )
    close(got, want, what, rtol=RTOL, atol=ATOL, mistakes=mistakes(size, size))

    # The same call with the size left out too: only the size's default can differ now.
    default_call(
        lambda: sub.call(name, X),
        want,
        _("{name}(X {shape}) with the default size and stride").format(name=name, shape=X.shape),
        _(POOL_SIZE_DEFAULT),
    )


@suite.check(
    points=1,
    title=N_("max_pool2d_forward: overlapping windows, default stride"),
    public=True,
)
def max_pool(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    check_pool(sub, rng, ref, "max")


@suite.check(points=1, title=N_("avg_pool2d_forward: overlapping windows, default stride"))
def avg_pool(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    check_pool(sub, rng, ref, "avg")


# ---- LeNet ---------------------------------------------------------------------------------


BATCH_FLATTENED = N_(
    "flattens the whole batch into one vector, so fc1 gets every image's 400 features in one "
    "row; flatten each image on its own: a.reshape(n, -1) keeps the batch axis"
)
PARAMS_NAMES = N_(
    "params is a flat dict keyed by the PyTorch state_dict names: params['conv1.weight'], "
    "params['conv1.bias'], ..., params['fc3.bias']"
)
PREDICTIONS = N_(
    "returns the predicted classes (one per image); return the (n, 10) logits, before any "
    "argmax or softmax"
)


def lenet_error_hint(failure: StudentFailure, n: int) -> str:
    """What a LeNet's error means (translated): a batch flattened whole, a wrong params key,
    a wrong layer's shape; "" when it is none of these."""
    if failure.kind != "error":
        return ""
    if failure.message.startswith("KeyError"):
        return _(PARAMS_NAMES)
    for pattern in MISMATCH:
        found = pattern.search(failure.message)
        if found and n * 400 in (int(found.group(1)), int(found.group(2))):
            return _(BATCH_FLATTENED)
    return explain_shape_error(failure.message)


@suite.check(points=2, title=N_("lenet_forward logits for random parameters"))
def lenet_logits(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n = int(rng.integers(2, 4))
    X = rng.random((n, 1, 28, 28))
    params = ref.init_lenet_params(seed=int(rng.integers(2**31)))
    what = f"lenet_forward(X {X.shape}, params)"
    try:
        got = sub.call("lenet_forward", X, params)
    except StudentFailure as failure:
        hint = lenet_error_hint(failure, n)
        if not hint or failure.fatal:
            raise
        fail(raised(what, failure, hint))
    want = ref.lenet_forward(X, params)
    if isinstance(got, np.ndarray) and got.shape == (n,):
        if np.array_equal(got, want.argmax(axis=1)):
            fail(wrong_shape(what, got.shape, want.shape, _(PREDICTIONS)))
    close(got, want, what, rtol=RTOL, atol=ATOL, mistakes=lenet_mistakes(X, params))
