"""Hidden checks for exercise 7.7: gradient clipping by global norm.

The oracle is the definition: g * min(1, max_norm / ||g||), with ||g|| over every entry.
Known mistakes (element-wise np.clip, a per-row norm, rescaling short gradients, the
ratio upside down) are computed here and named when a result matches one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("7.7")

ELEMENTWISE_HINT = N_(
    "clipped each element separately (np.clip); that changes the direction — scale the "
    "whole vector by max_norm / ||g||"
)
ZERO_HINT = N_(
    "divided by a zero norm: an all-zero gradient is already short enough, return it "
    "(zeros) without rescaling"
)

ALREADY_SHORT_HINT = N_(
    "clip_by_norm changed a gradient whose norm was already below max_norm; "
    "rescale only when ||g|| > max_norm"
)


def clipped(g: np.ndarray, max_norm: float) -> np.ndarray:
    norm = float(np.sqrt(np.sum(g * g)))
    result: np.ndarray = g * min(1.0, max_norm / norm) if norm > 0.0 else g.copy()
    return result


def per_slice(g: np.ndarray, max_norm: float) -> np.ndarray:
    """Each row (last axis) clipped by its own norm: the per-row mistake."""
    norms = np.sqrt(np.sum(g * g, axis=-1, keepdims=True))
    result: np.ndarray = g * np.minimum(1.0, max_norm / np.maximum(norms, 1e-300))
    return result


def mistakes(g: np.ndarray, max_norm: float) -> list[Mistake]:
    norm = float(np.sqrt(np.sum(g * g)))
    found = [
        Mistake(_(ELEMENTWISE_HINT), np.clip(g, -max_norm, max_norm)),
        Mistake(
            _(
                "returned g unchanged although ||g|| > max_norm; rescale it to "
                "g * (max_norm / ||g||)"
            ),
            g,
        ),
        Mistake(
            _(
                "rescaled to norm 1 (g / ||g||); the clipped gradient must have norm "
                "max_norm: g * (max_norm / ||g||)"
            ),
            g / norm,
        ),
        *ignored_max_norm(g, max_norm),
        Mistake(
            _("the ratio is upside down: scale by max_norm / ||g||, not ||g|| / max_norm"),
            g * (norm / max_norm),
        ),
        Mistake(_(ALREADY_SHORT_HINT), g * (max_norm / norm)),
    ]
    if g.ndim > 1:
        found.insert(
            0,
            Mistake(
                _(
                    "clipped each row by its own norm; the norm is global, over every entry "
                    "(np.linalg.norm(g) of the whole array, or of g.ravel())"
                ),
                per_slice(g, max_norm),
            ),
        )
    return found


def ignored_max_norm(g: np.ndarray, max_norm: float) -> list[Mistake]:
    """The seed's max_norm = 1 used whatever is passed (only where it makes a difference)."""
    if np.allclose(clipped(g, 1.0), clipped(g, max_norm)):
        return []
    return [
        Mistake(
            _(
                "clip_by_norm ignores its max_norm argument (it clips to the seed's 1.0); "
                "rescale to the max_norm passed in"
            ),
            clipped(g, 1.0),
        )
    ]


def clip(sub: Student, g: np.ndarray, max_norm: float, what: str) -> np.ndarray:
    """Call clip_by_norm; check type and shape; name a division by zero."""
    try:
        got: Any = sub.call("clip_by_norm", g, max_norm)
    except StudentFailure as failure:
        if not failure.fatal and failure.message.startswith("ZeroDivisionError"):
            fail(f"{_(ZERO_HINT)} ({failure.describe()})")
        raise
    return array(got, what, g.shape)


def long_gradient(rng: np.random.Generator, shape: tuple[int, ...], max_norm: float) -> np.ndarray:
    """A gradient of norm 3 to 20 times max_norm.

    One entry dominates, so np.clip (which caps entries at max_norm) visibly turns it.
    For 2-D and 3-D shapes the first row (along the last axis) is made short, so a
    per-row norm leaves it alone while the global norm still shrinks it.
    """
    g = rng.standard_normal(shape)
    first_row = shape[-1] if len(shape) > 1 else 0
    g.flat[int(rng.integers(first_row, g.size))] = 4.0 * float(np.max(np.abs(g)))
    g *= rng.uniform(3.0, 20.0) * max_norm / float(np.linalg.norm(g))
    if len(shape) > 1:
        row = g[(0,) * (len(shape) - 1)]
        row *= 0.1 * max_norm / float(np.linalg.norm(row))
    return g


def with_norm(g: np.ndarray, max_norm: float) -> str:
    """How feedback names a call on a gradient g of any length (1-D)."""
    return _("clip_by_norm(g with ||g|| = {norm:.3g}, max_norm={max_norm:.3g})").format(
        norm=float(np.linalg.norm(g)), max_norm=max_norm
    )


@suite.check(
    points=1, title=N_("[3, 4] clipped to norm <= 1; [0.3, 0.4] unchanged (seed)"), public=True
)
def seed_clipping(sub: Student, rng: np.random.Generator) -> None:
    g_big = np.array([3.0, 4.0])
    g_clip = clip(sub, g_big, 1.0, "clip_by_norm([3, 4], max_norm=1.0)")
    if not np.linalg.norm(g_clip) <= 1.0 + 1e-12:
        close(g_clip, np.array([0.6, 0.8]), "clip_by_norm([3, 4], max_norm=1.0)",
              mistakes=mistakes(g_big, 1.0), context=_("(its norm must be <= 1)"))  # fmt: skip
    g_small = np.array([0.3, 0.4])
    close(
        clip(sub, g_small, 1.0, "clip_by_norm([0.3, 0.4], max_norm=1.0)"),
        g_small,
        "clip_by_norm([0.3, 0.4], max_norm=1.0)",
        mistakes=[Mistake(_(ALREADY_SHORT_HINT), g_small / 0.5)],
    )


@suite.check(points=1, title=N_("a long gradient comes back with norm max_norm, same direction"))
def long_gradients(sub: Student, rng: np.random.Generator) -> None:
    for _draw in range(3):
        max_norm = float(rng.uniform(0.5, 5.0))
        g = long_gradient(rng, (int(rng.integers(3, 9)),), max_norm)
        what = with_norm(g, max_norm)
        got = clip(sub, g, max_norm, what)
        close(got, clipped(g, max_norm), what, rtol=1e-9, atol=1e-12,
              mistakes=mistakes(g, max_norm))  # fmt: skip


@suite.check(points=1, title=N_("a gradient shorter than max_norm is returned unchanged"))
def short_gradients(sub: Student, rng: np.random.Generator) -> None:
    for last in (False, False, True):
        # The last one is longer than 1 (max_norm >= 2, ||g|| >= 0.6 max_norm): clipping to
        # the seed's max_norm = 1 would change it.
        max_norm = float(rng.uniform(2.0, 5.0) if last else rng.uniform(0.5, 5.0))
        g = rng.standard_normal(int(rng.integers(3, 9)))
        length = float(rng.uniform(0.6, 0.95) if last else rng.uniform(0.1, 0.95)) * max_norm
        g *= length / float(np.linalg.norm(g))
        what = with_norm(g, max_norm)
        # A short gradient rescaled to norm 1 is max_norm ignored, not "g / ||g||" (which
        # leaves short gradients alone): that diagnosis goes first here.
        close(clip(sub, g, max_norm, what), g, what, rtol=1e-12, atol=0.0,
              mistakes=[*ignored_max_norm(g, max_norm), *mistakes(g, max_norm)])  # fmt: skip


@suite.check(points=1, title=N_("an all-zero gradient comes back as zeros (no nan)"))
def zero_gradient(sub: Student, rng: np.random.Generator) -> None:
    g = np.zeros(int(rng.integers(2, 7)))
    what = _("clip_by_norm(zeros)")
    got = clip(sub, g, float(rng.uniform(0.5, 5.0)), what)
    if not np.all(np.isfinite(got)):
        fail(_(ZERO_HINT))
    close(got, g, what)


@suite.check(points=1, title=N_("2-D and 3-D gradients are clipped by their global norm"))
def global_norm(sub: Student, rng: np.random.Generator) -> None:
    for shape in ((int(rng.integers(2, 5)), int(rng.integers(3, 7))), (2, 3, 4)):
        max_norm = float(rng.uniform(0.5, 5.0))
        g = long_gradient(rng, shape, max_norm)
        what = _("clip_by_norm(g of shape {shape}, max_norm={max_norm:.3g})").format(
            shape=shape, max_norm=max_norm
        )
        got = clip(sub, g, max_norm, what)
        close(got, clipped(g, max_norm), what, rtol=1e-9, atol=1e-12,
              mistakes=mistakes(g, max_norm))  # fmt: skip


@suite.check(points=1, title=N_("clip_by_norm leaves its input unchanged"))
def not_in_place(sub: Student, rng: np.random.Generator) -> None:
    max_norm = float(rng.uniform(0.5, 5.0))
    for shape in ((int(rng.integers(3, 9)),), (3, 4)):
        g = long_gradient(rng, shape, max_norm)
        result, args_after = sub.call_with_args("clip_by_norm", g, max_norm)
        array(result, "clip_by_norm", g.shape)
        after = args_after[0] if isinstance(args_after, list) and args_after else None
        if not (isinstance(after, np.ndarray) and np.array_equal(after, g)):
            fail(
                _(
                    "clip_by_norm modified its input in place (g *= ... or g[...] = ...); "
                    "rescale a copy: return g * scale"
                )
            )
