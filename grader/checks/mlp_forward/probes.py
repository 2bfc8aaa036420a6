"""The mlp-forward suite's probes: calling the student's functions in particular ways.

- A function that only works on a vector (or on a 2-D batch) is called again on a simpler
  input, so the failure can be named; a result of the right size in another shape is named.
- softmax without an axis is called again with axis=-1, to tell a wrong default from a wrong
  softmax.
- init_params gets a np.random.Generator made in the child from the student's own `np`.
- mlp_forward's failures on a deeper network or on shapes are told apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis.softmax import DEFAULT_AXIS, softmax
from grader.checks.expect import fail
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

BATCH = N_("a 2-D batch along its last axis")
VECTOR = N_("a 1-D vector")


def any_shape(sub: Student, name: str, z: np.ndarray, **kwargs: Any) -> Any:
    """`name`(z, **kwargs); one that only works on a vector (or a 2-D batch) is named."""
    try:
        return sub.call(name, z, **kwargs)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        simpler = simpler_input(z, int(kwargs.get("axis", -1)))
        try:
            sub.call(name, simpler)
        except StudentFailure as again:
            if again.fatal:
                raise
            raise failure from None
        works_on = _(BATCH if simpler.ndim == 2 else VECTOR)
        shown = "".join(f", {key}={value}" for key, value in kwargs.items())
        fail(
            _(
                "{name} works on {works_on} but failed on z of shape {shape}{shown} ({error}); "
                "the docstring accepts any shape: use whole-array NumPy operations, and "
                "keepdims=True where an axis is reduced, instead of a loop over entries or "
                "[:, None]"
            ).format(
                name=name, works_on=works_on, shape=z.shape, shown=shown, error=failure.describe()
            )
        )


def simpler_input(z: np.ndarray, axis: int) -> np.ndarray:
    """What a function written for vectors or (n, k) batches handles: z made 1-D or 2-D."""
    if z.ndim == 1:
        return z[None, :]
    if z.ndim == 2 and axis in (-1, 1):
        return z.ravel()
    return np.moveaxis(z, axis, -1).reshape(-1, z.shape[axis])


def softmax_default(sub: Student, z: np.ndarray) -> Any:
    """softmax(z) without an axis; a default other than -1 is named (explicit -1 is right)."""
    got = any_shape(sub, "softmax", z)
    want = softmax(z)
    if isinstance(got, np.ndarray) and got.shape == z.shape and np.allclose(got, want):
        return got
    explicit = sub.call("softmax", z, axis=-1)
    if isinstance(explicit, np.ndarray) and explicit.shape == z.shape:
        if np.allclose(explicit, want):
            fail(_(DEFAULT_AXIS))
    return got


NOT_NUMPY = N_("`np` in your module is not numpy; keep `import numpy as np`")


def make_rng(sub: Student, seed: int) -> Remote:
    """np.random.default_rng(seed), created in the child with the student's own numpy."""
    try:
        np_module = sub.getattr(None, "np")
    except StudentFailure as failure:
        if failure.kind != "missing":
            raise
        fail(
            _(
                "your module has no `np`: keep `import numpy as np` at the top; init_params "
                "is called with a np.random.Generator made from it"
            )
        )
    if not isinstance(np_module, Remote):
        fail(_("`np` in your module is not the numpy module; keep `import numpy as np`"))
    try:
        generator = sub.method(sub.getattr(np_module, "random"), "default_rng", seed)
    except StudentFailure:
        fail(
            _(
                "`np` in your module is not numpy (np.random.default_rng failed); keep "
                "`import numpy as np`"
            )
        )
    if not isinstance(generator, Remote):
        fail(_(NOT_NUMPY))
    return generator


def call_init(sub: Student, sizes: list[int], seed: int, scheme: str | None = None) -> Any:
    generator = make_rng(sub, seed)
    if scheme is None:
        return sub.call("init_params", sizes, generator)
    return sub.call("init_params", sizes, generator, scheme=scheme)


def forward_call(sub: Student, what: str, depth: int, *args: Any) -> Any:
    """mlp_forward(*args); a fixed number of layers or a column-per-example X is named."""
    try:
        return sub.call("mlp_forward", *args)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        if "values to unpack" in failure.message:
            fail(
                _(
                    "{what} failed ({error}): params may hold any number of layers (here "
                    "{depth}); loop over them instead of unpacking a fixed number"
                ).format(what=what, error=failure.describe(), depth=depth)
            )
        if any(word in failure.message for word in ("matmul", "not aligned", "broadcast")):
            fail(
                _(
                    "{what} failed with a shape mismatch ({error}): X holds one example per "
                    "row, shape (n, d0), and W_l is (d_{{l-1}}, d_l), so each layer computes "
                    "A @ W + b (not W.T @ A)"
                ).format(what=what, error=failure.describe())
            )
        raise
