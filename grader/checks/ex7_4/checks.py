"""Hidden checks for exercise 7.4: forward and backward pass of a two-layer network.

Gradients are compared with the reference AND with central differences of the
reference loss at the same parameters. `backward` always receives a cache built here
by the reference `forward` (as a tuple of arrays), so a forward bug cannot hide or
fake a backward bug; only the public check runs the student's forward into backward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, number, sequence
from grader.checks.reference import reference

if TYPE_CHECKING:
    from solutions.week18 import ex7_4_backprop as ref
else:
    ref = reference("week18.ex7_4_backprop")

suite = Suite("7.4")

Params = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
GRADIENT_NAMES = ("dW1", "db1", "dW2", "db2")
PARAM_NAMES = ("W1", "b1", "W2", "b2")


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
    for _ in range(50):
        W1 = rng.standard_normal((d_in, d_h)) * 0.7
        b1 = rng.standard_normal(d_h) * 0.5
        if np.min(np.abs(X @ W1 + b1)) > 1e-3:
            break
    W2 = rng.standard_normal((d_h, 1))
    b2 = rng.standard_normal(1) * 0.5
    return X, y, (W1, b1, W2, b2)


def numerical_gradients(
    X: np.ndarray, y: np.ndarray, params: Params, h: float = 1e-6
) -> list[np.ndarray]:
    """Central differences of the reference loss, one parameter entry at a time."""
    grads: list[np.ndarray] = []
    for index, param in enumerate(params):
        grad = np.zeros_like(param)
        for position in np.ndindex(param.shape):
            shifted = [p.copy() for p in params]
            shifted[index][position] += h
            plus = ref.loss_fn(X, y, *shifted)
            shifted[index][position] -= 2.0 * h
            minus = ref.loss_fn(X, y, *shifted)
            grad[position] = (plus - minus) / (2.0 * h)
        grads.append(grad)
    return grads


def gradients_from_dZ2(
    dZ2: np.ndarray, cache: ref.Cache, W2: np.ndarray, relu_mask: bool = True
) -> list[np.ndarray]:
    """Backward from a given dZ2 (right or wrong): builds the known mistakes' values."""
    X, Z1, _A1, _Z2, _P = cache
    dA1 = dZ2 @ W2.T
    dZ1 = dA1 * ref.relu_deriv(Z1) if relu_mask else dA1
    return [X.T @ dZ1, np.sum(dZ1, axis=0), cache[2].T @ dZ2, np.sum(dZ2, axis=0)]


def backward_mistakes(y: np.ndarray, cache: ref.Cache, W2: np.ndarray) -> list[list[Mistake]]:
    """For each of dW1, db1, dW2, db2: the known wrong answers and their hints."""
    X, Z1, A1, _Z2, P = cache
    n = P.shape[0]
    right = gradients_from_dZ2((P - y) / n, cache, W2)
    unscaled = gradients_from_dZ2(P - y, cache, W2)
    twice = gradients_from_dZ2((P - y) * P * (1.0 - P) / n, cache, W2)
    no_mask = gradients_from_dZ2((P - y) / n, cache, W2, relu_mask=False)
    without_W2 = gradients_from_dZ2((P - y) / n, cache, np.ones((1, 1)))
    dA1 = ((P - y) / n) @ W2.T
    times_activation = [X.T @ (dA1 * A1), np.sum(dA1 * A1, axis=0)]
    table: list[list[Mistake]] = []
    for k, name in enumerate(GRADIENT_NAMES):
        mistakes = [
            Mistake(
                f"{name} is exactly n times the numerical gradient; divide by the batch size "
                "n: the loss is a mean, so dZ2 = (P - y) / n",
                unscaled[k],
            ),
            Mistake(
                f"{name} has the wrong sign: dZ2 = (P - y) / n, not (y - P) / n",
                -right[k],
            ),
            Mistake(
                f"{name} is 1/n times the numerical gradient: the 1/n is already in dZ2, so "
                "sum over the batch (np.sum(..., axis=0)) instead of dividing or averaging again",
                right[k] / n,
            ),
            Mistake(
                f"{name} multiplies by the sigmoid derivative P (1 - P) a second time; with "
                "BCE on a sigmoid the combined gradient is already dZ2 = (P - y) / n",
                twice[k],
            ),
        ]
        if k == 2:
            mistakes.append(
                Mistake(
                    "dW2 is Z1.T @ dZ2: the cache is (X, Z1, A1, Z2, P) in this order, and "
                    "dW2 = A1.T @ dZ2 uses the activation A1",
                    Z1.T @ ((P - y) / n),
                )
            )
        if k < 2:
            mistakes += [
                Mistake(
                    f"{name} is wrong: the W2 argument is not used; the gradient reaching the "
                    "hidden layer is dA1 = dZ2 @ W2.T",
                    without_W2[k],
                ),
                Mistake(
                    f"{name} is wrong: the ReLU derivative is missing; use "
                    "dZ1 = dA1 * relu_deriv(Z1) (units with Z1 <= 0 pass no gradient)",
                    no_mask[k],
                ),
                Mistake(
                    f"{name} is wrong: dZ1 multiplies dA1 by relu(Z1), the activation; multiply by "
                    "relu_deriv(Z1), the 0/1 mask",
                    times_activation[k],
                ),
            ]
        table.append(mistakes)
    return table


def shape_of(got: Any) -> tuple[int, ...] | None:
    if isinstance(got, np.ndarray):
        return tuple(int(s) for s in got.shape)
    if isinstance(got, int | float) and not isinstance(got, bool):
        return ()
    return None


def gradient_shape(got: Any, k: int, shape: tuple[int, ...], n: int) -> np.ndarray:
    """Report a gradient of the wrong shape in terms of the parameter it belongs to."""
    name, param = GRADIENT_NAMES[k], PARAM_NAMES[k]
    symbolic = ("(d_in, d_h)", "(d_h,)", "(d_h, 1)", "(1,)")[k]
    have = shape_of(got)
    if have is not None and have != shape:
        why = ""
        if len(shape) == 2 and have == shape[::-1]:
            why = ": it looks transposed (dW = input.T @ dZ, not dZ.T @ input)"
        elif k in (1, 3) and have == (1, *shape):
            why = ": sum over the batch with np.sum(dZ, axis=0), without keepdims"
        elif k == 1 and have == (n,):
            why = ": you summed over axis 1 (the units); sum over axis 0, the batch"
        elif k == 3 and have == ():
            why = ": use np.sum(dZ2, axis=0) so db2 keeps b2's shape"
        fail(f"{name} must have {param}'s shape {symbolic} = {shape}; got {have}{why}")
    return array(got, f"backward's {name}", shape)


def student_gradients(sub: Student, y: np.ndarray, cache: ref.Cache, W2: np.ndarray) -> list[Any]:
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
             context="(compared with central differences of the loss)")  # fmt: skip
    close(got, right[k], what, rtol=1e-6, atol=1e-9)


def forward_p_mistakes(X: np.ndarray, params: Params) -> list[Mistake]:
    """Known wrong outputs P of forward (biases that are zero make some coincide)."""
    W1, b1, W2, b2 = params
    Z2 = ref.forward(X, *params)[1][3]
    A1_no_bias = ref.relu(X @ W1)
    found = [
        Mistake(
            "b1 is added after the ReLU; it belongs inside: Z1 = X W1 + b1, A1 = relu(Z1)",
            ref.sigmoid((A1_no_bias + b1) @ W2 + b2),
        ),
        Mistake(
            "b2 is added after the sigmoid; it belongs inside: Z2 = A1 W2 + b2, P = sigmoid(Z2)",
            ref.sigmoid(ref.relu(X @ W1 + b1) @ W2) + b2,
        ),
    ]
    if W1.shape[0] == W1.shape[1]:
        found.append(
            Mistake(
                "forward multiplies by W1.T; W1 has shape (d_in, d_h), so Z1 = X @ W1 + b1",
                ref.forward(X, W1.T, b1, W2, b2)[0],
            )
        )
    return found + [
        Mistake("the ReLU is not applied to Z1", ref.sigmoid((X @ W1 + b1) @ W2 + b2)),
        Mistake("the hidden bias b1 is missing", ref.forward(X, W1, 0 * b1, W2, b2)[0]),
        Mistake("the output bias b2 is missing", ref.forward(X, W1, b1, W2, 0 * b2)[0]),
        Mistake("P must be sigmoid(Z2), a probability; it is Z2 itself", Z2),
    ]


def call_forward(sub: Student, X: np.ndarray, params: Params) -> Any:
    """The student's forward(X, *params), after checking it left X as it was."""
    result, args_after = sub.call_with_args("forward", X, *params)
    after = args_after[0] if isinstance(args_after, list) and args_after else None
    if not (isinstance(after, np.ndarray) and np.array_equal(after, X)):
        fail(
            "forward changed its input X in place (X -= ..., X /= ...): X is the caller's "
            "data; compute with it, or on a copy, without modifying it"
        )
    return result


def forward_p(P: object, n: int, d_h: int) -> object:
    """Name the element-wise product A1 * W2.T, which gives P one column per hidden unit."""
    if d_h != 1 and isinstance(P, np.ndarray) and P.shape == (n, d_h):
        fail(
            f"forward's P has shape {P.shape} = (n, d_h), one column per hidden unit: A1 * W2.T "
            "multiplies element-wise; Z2 = A1 @ W2 + b2 is a matrix product of shape (n, 1)"
        )
    return P


@suite.check(points=1, title="the seed's network: dW1, db1, dW2, db2 match central differences "
       "(the seed checks dW2[2, 0])", public=True)  # fmt: skip
def seed_gradient_check(sub: Student, rng: np.random.Generator) -> None:
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
    close(P, ref.forward(X, *params)[0], "forward's P", mistakes=forward_p_mistakes(X, params),
          context="on the seed's data")  # fmt: skip
    grads = sequence(sub.call("backward", y, cache, W2), "backward", 4)
    _P, ref_cache = ref.forward(X, *params)
    right = ref.backward(y, ref_cache, W2)
    numerical = numerical_gradients(X, y, params)
    mistakes = backward_mistakes(y, ref_cache, W2)
    for k in (2, 3, 0, 1):  # the output layer first: its errors explain the hidden layer's
        got = gradient_shape(grads[k], k, right[k].shape, n)
        compare_gradient(got, k, numerical, right, mistakes)


@suite.check(points=1, title="forward returns P and the cache (X, Z1, A1, Z2, P)")
def forward_values(sub: Student, rng: np.random.Generator) -> None:
    # A square W1 first (d_in = d_h): there X @ W1.T runs, and is named, instead of raising.
    n, d = int(rng.integers(6, 10)), 5
    X, _y, params = network(rng, n, d, d)
    P, _cache = sequence(call_forward(sub, X, params), "forward", 2)
    close(forward_p(P, n, d), ref.forward(X, *params)[0], "forward's P",
          mistakes=forward_p_mistakes(X, params), context=f"(d_in = d_h = {d})")  # fmt: skip
    n, d_in, d_h = int(rng.integers(6, 10)), 4, 6
    X, _y, params = network(rng, n, d_in, d_h)
    P_ref, cache_ref = ref.forward(X, *params)
    P, cache = sequence(call_forward(sub, X, params), "forward", 2)
    _X, Z1, A1, Z2, P_cached = cache_ref
    close(
        forward_p(P, n, d_h),
        P_ref,
        "forward's P",
        mistakes=forward_p_mistakes(X, params),
    )
    got = sequence(cache, "forward's cache", 5)
    wrong_slot = {
        1: [Mistake("cache[1] holds A1 (after the ReLU); Z1 is the pre-activation X W1 + b1", A1)],
        2: [Mistake("cache[2] holds Z1; A1 = relu(Z1) goes there", Z1)],
        3: [Mistake("cache[3] holds P; Z2 is the logit before the sigmoid", P_cached)],
    }
    for k, (name, want) in enumerate(zip(("X", "Z1", "A1", "Z2", "P"), cache_ref, strict=True)):
        close(got[k], want, f"cache[{k}] ({name})", mistakes=wrong_slot.get(k, []),
              context="; the cache must be (X, Z1, A1, Z2, P) in this order")  # fmt: skip


@suite.check(points=1, title="loss_fn is the mean BCE of the network's output")
def loss_values(sub: Student, rng: np.random.Generator) -> None:
    n, d_in, d_h = int(rng.integers(6, 10)), 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    want = ref.loss_fn(X, y, *params)
    got = number(sub.call("loss_fn", X, y, *params), "loss_fn")
    close(
        np.asarray(got),
        want,
        "loss_fn",
        mistakes=[Mistake("sums the BCE over the batch; the loss is the mean", n * want)],
        context="(loss_fn calls your forward: if forward's check fails, fix that first)",
    )


@suite.check(points=1, title="backward returns dW1, db1, dW2, db2 shaped like W1, b1, W2, b2")
def backward_shapes(sub: Student, rng: np.random.Generator) -> None:
    n, d_in, d_h = 7, 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    grads = student_gradients(sub, y, cache, params[2])
    for k, param in enumerate(params):
        gradient_shape(grads[k], k, tuple(int(s) for s in param.shape), n)


@suite.check(points=1, title="dW2 and db2 match the numerical gradient (n = 7, d_h = 6)")
def backward_output_layer(sub: Student, rng: np.random.Generator) -> None:
    n, d_in, d_h = 7, 4, 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    right = ref.backward(y, cache, params[2])
    numerical = numerical_gradients(X, y, params)
    mistakes = backward_mistakes(y, cache, params[2])
    grads = student_gradients(sub, y, cache, params[2])
    for k in (2, 3):
        got = gradient_shape(grads[k], k, right[k].shape, n)
        compare_gradient(got, k, numerical, right, mistakes)


@suite.check(points=2, title="dW1 and db1 match the numerical gradient (through the ReLU)")
def backward_hidden_layer(sub: Student, rng: np.random.Generator) -> None:
    n, d_in, d_h = int(rng.choice([5, 7, 9])), int(rng.integers(3, 5)), 6
    X, y, params = network(rng, n, d_in, d_h)
    _P, cache = ref.forward(X, *params)
    right = ref.backward(y, cache, params[2])
    numerical = numerical_gradients(X, y, params)
    mistakes = backward_mistakes(y, cache, params[2])
    grads = student_gradients(sub, y, cache, params[2])
    for k in (0, 1):
        got = gradient_shape(grads[k], k, right[k].shape, n)
        compare_gradient(got, k, numerical, right, mistakes)
