"""Hidden checks for exercise 7.4: forward and backward pass of a two-layer network.

Gradients are compared with the reference AND with central differences of the
reference loss at the same parameters. `backward` always receives a cache built here
by the reference `forward` (as a tuple of arrays), so a forward bug cannot hide or
fake a backward bug; only the public check runs the student's forward into backward.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis.backward import (
    GRADIENT_NAMES,
    PARAM_NAMES,
    SYMBOLIC_SHAPES,
    backward_mistakes,
    shape_message,
)
from grader.checks.diagnosis.finite_differences import numerical_gradients
from grader.checks.expect import array, close, fail, number, sequence
from grader.i18n import N_, _

suite = Suite("7.4")

Params = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def network(
    rng: np.random.Generator, n: int, d_in: int, d_h: int
) -> tuple[np.ndarray, np.ndarray, Params]:
    """Random inputs, 0/1 targets (n, 1) with both classes, and parameters.

    Non-zero biases make a missing bias visible; Z1 is kept away from the ReLU kink so
    central differences are exact to ~1e-10.
    """
    X = rng.standard_normal((n, d_in))
    y = np.zeros((n, 1))
    y[rng.permutation(n)[: n // 2]] = 1.0
    for _k in range(50):
        W1 = rng.standard_normal((d_in, d_h)) * 0.7
        b1 = rng.standard_normal(d_h) * 0.5
        if np.min(np.abs(X @ W1 + b1)) > 1e-3:
            break
    W2 = rng.standard_normal((d_h, 1))
    b2 = rng.standard_normal(1) * 0.5
    return X, y, (W1, b1, W2, b2)


def loss_gradients(
    ref: ModuleType, X: np.ndarray, y: np.ndarray, params: Params
) -> list[np.ndarray]:
    """Central differences of the reference loss at `params`: dW1, db1, dW2, db2."""
    return numerical_gradients(lambda p: float(ref.loss_fn(X, y, *p)), params)


def mistake_table(X: np.ndarray, y: np.ndarray, params: Params, cache: Any) -> list[list[Mistake]]:
    """For each of dW1, db1, dW2, db2: the known wrong answers and their hints."""
    return [backward_mistakes(X, y, params, cache, k) for k in range(4)]


def shape_of(got: Any) -> tuple[int, ...] | None:
    if isinstance(got, np.ndarray):
        return tuple(int(s) for s in got.shape)
    if isinstance(got, int | float) and not isinstance(got, bool):
        return ()
    return None


def gradient_shape(got: Any, k: int, shape: tuple[int, ...], n: int) -> np.ndarray:
    """Report a gradient of the wrong shape in terms of the parameter it belongs to."""
    name, param = GRADIENT_NAMES[k], PARAM_NAMES[k]
    have = shape_of(got)
    if have is not None and have != shape:
        fail(shape_message(name, param, SYMBOLIC_SHAPES[k], have, shape, n))
    return array(got, _("backward's {name}").format(name=name), shape)


def student_gradients(sub: Student, y: np.ndarray, cache: Any, W2: np.ndarray) -> list[Any]:
    got = sub.call("backward", y, tuple(cache), W2)
    return sequence(got, "backward", 4)


def diagnose(
    got: Any,
    want: np.ndarray | float,
    what: str,
    mistakes: list[Mistake],
    *,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    context: str = "",
) -> np.ndarray:
    """Like `expect.close`, but a matched mistake's hint is the whole message.

    The hints here name the value themselves ("dW2 is exactly n times ..."), so the
    `what: ` prefix that `close` adds would say it twice.
    """
    want_array = np.asarray(want, dtype=np.float64)
    result = array(got, what, want_array.shape)
    if not np.allclose(result, want_array, rtol=rtol, atol=atol):
        for mistake in mistakes:
            if mistake.matches(result):
                fail(mistake.hint)
    return close(result, want_array, what, rtol=rtol, atol=atol, context=context)


def compare_gradient(
    got: np.ndarray,
    k: int,
    numerical: list[np.ndarray],
    right: tuple[np.ndarray, ...],
    mistakes: list[list[Mistake]],
) -> None:
    what = GRADIENT_NAMES[k]
    # The numerical gradient is the independent oracle; the reference pins the last digits.
    diagnose(got, numerical[k], what, mistakes[k], rtol=1e-4, atol=1e-7,
             context=_("(compared with central differences of the loss)"))  # fmt: skip
    close(got, right[k], what, rtol=1e-6, atol=1e-9)


def forward_p_mistakes(ref: ModuleType, X: np.ndarray, params: Params) -> list[Mistake]:
    """Known wrong outputs P of forward (biases that are zero make some coincide)."""
    W1, b1, W2, b2 = params
    Z2 = ref.forward(X, *params)[1][3]
    A1_no_bias = ref.relu(X @ W1)
    found = [
        Mistake(
            _("b1 is added after the ReLU; it belongs inside: Z1 = X W1 + b1, A1 = relu(Z1)"),
            ref.sigmoid((A1_no_bias + b1) @ W2 + b2),
        ),
        Mistake(
            _("b2 is added after the sigmoid; it belongs inside: Z2 = A1 W2 + b2, P = sigmoid(Z2)"),
            ref.sigmoid(ref.relu(X @ W1 + b1) @ W2) + b2,
        ),
    ]
    if W1.shape[0] == W1.shape[1]:
        found.append(
            Mistake(
                _("forward multiplies by W1.T; W1 has shape (d_in, d_h), so Z1 = X @ W1 + b1"),
                ref.forward(X, W1.T, b1, W2, b2)[0],
            )
        )
    return found + [
        Mistake(_("the ReLU is not applied to Z1"), ref.sigmoid((X @ W1 + b1) @ W2 + b2)),
        Mistake(_("the hidden bias b1 is missing"), ref.forward(X, W1, 0 * b1, W2, b2)[0]),
        Mistake(_("the output bias b2 is missing"), ref.forward(X, W1, b1, W2, 0 * b2)[0]),
        Mistake(_("P must be sigmoid(Z2), a probability; it is Z2 itself"), Z2),
    ]


def call_forward(sub: Student, X: np.ndarray, params: Params) -> Any:
    """The student's forward(X, *params), after checking it left X as it was."""
    result, args_after = sub.call_with_args("forward", X, *params)
    after = args_after[0] if isinstance(args_after, list) and args_after else None
    if not (isinstance(after, np.ndarray) and np.array_equal(after, X)):
        fail(
            _(
                "forward changed its input X in place (X -= ..., X /= ...): X is the caller's "
                "data; compute with it, or on a copy, without modifying it"
            )
        )
    return result


def forward_p(P: object, n: int, d_h: int) -> object:
    """Name the element-wise product A1 * W2.T, which gives P one column per hidden unit."""
    if d_h != 1 and isinstance(P, np.ndarray) and P.shape == (n, d_h):
        fail(
            _(
                "forward's P has shape {shape} = (n, d_h), one column per hidden unit: A1 * W2.T "
                "multiplies element-wise; Z2 = A1 @ W2 + b2 is a matrix product of shape (n, 1)"
            ).format(shape=P.shape)
        )
    return P


def check_gradients(
    ref: ModuleType,
    grads: list[Any],
    X: np.ndarray,
    y: np.ndarray,
    params: Params,
    order: tuple[int, ...],
) -> None:
    """Judge the student's gradients `order` against central differences and the reference."""
    _P, cache = ref.forward(X, *params)
    right = ref.backward(y, cache, params[2])
    numerical = loss_gradients(ref, X, y, params)
    mistakes = mistake_table(X, y, params, cache)
    for k in order:
        got = gradient_shape(grads[k], k, right[k].shape, X.shape[0])
        compare_gradient(got, k, numerical, right, mistakes)


@suite.check(points=1, title=N_("the seed's network: dW1, db1, dW2, db2 match central differences "
       "(the seed checks dW2[2, 0])"), public=True)  # fmt: skip
def seed_gradient_check(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # The seed's data: np.random.seed(0) then randn/rand, without touching global state.
    # The seed compares one entry of dW2; every gradient is compared here, so a missing
    # ReLU derivative or a transposed dW1 shows in the notebook too.
    state = np.random.RandomState(0)
    n, d_in, d_h = 8, 3, 5
    X = state.randn(n, d_in)
    y = (state.rand(n, 1) < 0.5).astype(float)
    W1 = state.randn(d_in, d_h) * 0.1
    b1 = np.zeros(d_h)
    W2 = state.randn(d_h, 1) * 0.1
    b2 = np.zeros(1)
    params: Params = (W1, b1, W2, b2)
    P, cache = sequence(sub.call("forward", X, *params), "forward", 2)
    close(P, ref.forward(X, *params)[0], _("forward's P"),
          mistakes=forward_p_mistakes(ref, X, params),
          context=_("on the seed's data"))  # fmt: skip
    grads = sequence(sub.call("backward", y, cache, W2), "backward", 4)
    # The output layer first: its errors explain the hidden layer's.
    check_gradients(ref, grads, X, y, params, (2, 3, 0, 1))


@suite.check(points=1, title=N_("forward returns P and the cache (X, Z1, A1, Z2, P)"))
def forward_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # A square W1 first (d_in = d_h): there X @ W1.T runs, and is named, instead of raising.
    n, d = int(rng.integers(6, 10)), 5
    X, _y, params = network(rng, n, d, d)
    P, _cache = sequence(call_forward(sub, X, params), "forward", 2)
    close(forward_p(P, n, d), ref.forward(X, *params)[0], _("forward's P"),
          mistakes=forward_p_mistakes(ref, X, params),
          context=_("(d_in = d_h = {d})").format(d=d))  # fmt: skip
    n, d_in, d_h = int(rng.integers(6, 10)), 4, 6
    X, _y, params = network(rng, n, d_in, d_h)
    P_ref, cache_ref = ref.forward(X, *params)
    P, cache = sequence(call_forward(sub, X, params), "forward", 2)
    _X, Z1, A1, Z2, P_cached = cache_ref
    close(
        forward_p(P, n, d_h),
        P_ref,
        _("forward's P"),
        mistakes=forward_p_mistakes(ref, X, params),
    )
    got = sequence(cache, _("forward's cache"), 5)
    wrong_slot = {
        1: [
            Mistake(_("cache[1] holds A1 (after the ReLU); Z1 is the pre-activation X W1 + b1"), A1)
        ],
        2: [Mistake(_("cache[2] holds Z1; A1 = relu(Z1) goes there"), Z1)],
        3: [Mistake(_("cache[3] holds P; Z2 is the logit before the sigmoid"), P_cached)],
    }
    for k, (name, want) in enumerate(zip(("X", "Z1", "A1", "Z2", "P"), cache_ref, strict=True)):
        close(got[k], want, f"cache[{k}] ({name})", mistakes=wrong_slot.get(k, []),
              context=_("; the cache must be (X, Z1, A1, Z2, P) in this order"))  # fmt: skip


@suite.check(points=1, title=N_("loss_fn is the mean BCE of the network's output"))
def loss_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d_in, d_h = int(rng.integers(6, 10)), 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    want = ref.loss_fn(X, y, *params)
    got = number(sub.call("loss_fn", X, y, *params), "loss_fn")
    close(
        np.asarray(got),
        want,
        "loss_fn",
        mistakes=[Mistake(_("sums the BCE over the batch; the loss is the mean"), n * want)],
        context=_("(loss_fn calls your forward: if forward's check fails, fix that first)"),
    )


@suite.check(points=1, title=N_("backward returns dW1, db1, dW2, db2 shaped like W1, b1, W2, b2"))
def backward_shapes(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d_in, d_h = 7, 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    grads = student_gradients(sub, y, cache, params[2])
    for k, param in enumerate(params):
        gradient_shape(grads[k], k, tuple(int(s) for s in param.shape), n)


@suite.check(points=1, title=N_("dW2 and db2 match the numerical gradient (n = 7, d_h = 6)"))
def backward_output_layer(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d_in, d_h = 7, 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    grads = student_gradients(sub, y, cache, params[2])
    check_gradients(ref, grads, X, y, params, (2, 3))


@suite.check(points=2, title=N_("dW1 and db1 match the numerical gradient (through the ReLU)"))
def backward_hidden_layer(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    n, d_in, d_h = int(rng.choice([5, 7, 9])), int(rng.integers(3, 5)), 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    grads = student_gradients(sub, y, cache, params[2])
    check_gradients(ref, grads, X, y, params, (0, 1))
