"""Hidden checks for exercise 7.2: the dense layer forward pass."""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import close, fail
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("7.2")


def dense_inputs(
    rng: np.random.Generator, n: int, d_in: int, d_out: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        rng.standard_normal((n, d_in)),
        rng.standard_normal((d_in, d_out)),
        rng.standard_normal(d_out),
    )


def shape_mistakes(got: object, X: np.ndarray, W: np.ndarray) -> object:
    """Name the shape mistakes about X's rows: a loop over d_in, a squeezed batch of one."""
    if not isinstance(got, np.ndarray):
        return got
    (n, d_in), d_out = X.shape, W.shape[1]
    if n != d_in and got.shape == (d_in, d_out):
        fail(
            _(
                "dense_forward returned shape {got} for X of shape {X}: Z has one row per row "
                "of X, n = X.shape[0] = {n} rows, not d_in = X.shape[1] = {d_in}; each row of "
                "X is one example"
            ).format(got=got.shape, X=X.shape, n=n, d_in=d_in)
        )
    if n == 1 and got.shape == (d_out,):
        fail(
            _(
                "dense_forward returned shape {got} for X of shape {X}: a batch of one row must "
                "stay 2-D, (1, {d_out}) = (n, d_out); don't squeeze the result"
            ).format(got=got.shape, X=X.shape, d_out=d_out)
        )
    return got


@suite.check(points=1, title=N_("Z has shape (n, d_out) for a non-square batch"), public=True)
def dense_shape(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d_in, d_out = int(rng.integers(5, 9)), 3, 4
    X, W, b = dense_inputs(rng, n, d_in, d_out)
    try:
        got = sub.call("dense_forward", X, W, b)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        if "matmul" in failure.message or "not aligned" in failure.message:
            fail(
                _(
                    "dense_forward failed with {error}: it uses W.T; W is already stored as "
                    "(d_in, d_out), so the product is X @ W"
                ).format(error=failure.describe())
            )
        if "broadcast" not in failure.message:
            raise
        fail(
            _(
                "dense_forward failed with {error}: b broadcasts along the batch axis. Keep b "
                "of shape (d_out,) so that it adds to every row: X @ W + b"
            ).format(error=failure.describe())
        )
    close(shape_mistakes(got, X, W), ref.dense_forward(X, W, b), "dense_forward")


@suite.check(points=2, title=N_("Z = X W + b on random inputs"))
def dense_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # A square W lets `X @ W.T` and a missing bias produce the right shape, so they show.
    n, d = int(rng.integers(6, 11)), int(rng.integers(3, 6))
    X, W, b = dense_inputs(rng, n, d, d)
    close(
        shape_mistakes(sub.call("dense_forward", X, W, b), X, W),
        ref.dense_forward(X, W, b),
        "dense_forward",
        mistakes=[
            Mistake(_("uses W.T; W is already stored as (d_in, d_out)"), X @ W.T + b),
            Mistake(_("the bias b is missing"), X @ W),
            Mistake(_("uses W.T and forgets the bias"), X @ W.T),
        ],
    )


@suite.check(points=1, title=N_("a batch of one row matches the per-row formula"))
def dense_single_row(sub: Student, rng: np.random.Generator) -> None:
    X, W, b = dense_inputs(rng, 1, 5, 2)
    got = shape_mistakes(sub.call("dense_forward", X, W, b), X, W)
    close(got, X[0] @ W + b[None, :], "dense_forward")
