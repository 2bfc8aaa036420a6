"""Hidden checks for exercise mlp: MLP forward/backward, SGD/Momentum/Adam, train, XOR.

Notes:
- The student's MLP is built in the child (`MLP(sizes, activation=..., seed=0)`) and then
  given parameters drawn here (`setattr(model, "params", ...)`), so every comparison is
  with the reference MLP holding the very same parameters.
- backward is compared with the reference's analytic gradients and with central finite
  differences of the reference loss, on depth 1, 2 and 3 networks that use each hidden
  activation once, with all layer sizes distinct (every W is non-square and no two
  parameters share a shape, so order and transposition mistakes show as shapes).
- Optimizer gradients have entries of magnitude 0.2-2, so where eps sits in Adam (the
  classic folded form `lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)`) changes the parameters by
  < 6e-8 over 5 steps (2000 draws), inside the 1e-6 tolerance, while every diagnosed Adam
  mistake changes them by > 5e-3.
- In-place updates are judged from the params list the child holds across steps
  (`sub.keep` / `sub.fetch`), as it is after each `step`. Replacing the list's items
  (`params[i] = params[i] - ...`) also updates `model.params` and is accepted.
- train is run with the student's SGD (checked first, so a broken SGD is named as the
  cause), and judged by the parameters it leaves in the model, recomputed here.
- Finite differences need the loss to be smooth: where P rounds to 0 or 1, bce's clipping
  flattens it. The last layer is shrunk until every output logit is within +-6.
- XOR: the reference reaches a BCE below 2e-4 on seeds 0..199 with 6, 8 or 10 hidden
  units (2000 epochs, the defaults), and below 6e-4 on 400 seeds with 6, 8 or 12 hidden
  units and 1000 epochs (the hidden check), against a threshold of 0.05.
- XOR training stops when the property holds: xor_seeds first asks train_xor for 240
  epochs, and for the full 1000 only if that fails; the full run alone decides the verdict
  and its feedback. The reference is below 0.05 within 75 epochs on seeds 1..199 with 6, 8
  and 12 hidden units. train_xor() without arguments keeps the student's defaults.
- Once XOR is solved, one more epoch shows whether train_xor uses each argument (and the
  documented defaults): the hidden width of its model, its one loss (the initialization's,
  exact) and how far Adam's one step moved the parameters. Adam's first step moves each entry
  by lr |g| / (|g| + eps): the median over the entries is within 0.05% of lr on seeds 0..1999
  with 6, 8 and 12 hidden units, for the folded form too (the check allows 5%), while the
  losses after one and two steps differ by up to 1.5% between the two forms on seeds 1..399
  (XOR's gradients can be tiny, so where eps sits matters): too much to compare losses.
- train: a model that differs from the reference is explained by an update count off by
  one, one update per example, or an ignored optimizer (train given SGD(0.0) still changes
  the model).
- The optimizers must leave the gradients they are given unchanged: each is stepped three
  times with one gradient list the child keeps, which is then compared with what was sent.
- forward also gets X as a list of lists (any array-like is allowed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import array, close, fail, number_list, sequence
from grader.checks.overfit.checks import short_then_full
from grader.checks.reference import reference
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

if TYPE_CHECKING:
    from solutions.week18 import neural_network as ref
else:
    ref = reference("week18.neural_network")

suite = Suite("mlp")

Params = list[np.ndarray]
Step = Callable[[Params, Params], None]
XOR_X, XOR_Y = ref.xor_data()
XOR_THRESHOLD = 0.05
# The epochs train_xor is given first; the check's full budget follows only if they fail.
XOR_SHORT_EPOCHS = 240
IN_PLACE_HINT = (
    "step must update the arrays in place (p -= ...); rebinding a local name leaves the "
    "model unchanged"
)
ORDER_HINT = (
    "return [dW1, db1, ..., dWL, dbL] in the same order as params (walking the layers "
    "backwards, insert each pair at the front, or reverse the list at the end)"
)


def param_names(n_params: int) -> list[str]:
    return [f"{'Wb'[i % 2]}{i // 2 + 1}" for i in range(n_params)]


def distinct_sizes(rng: np.random.Generator, count: int, d_out: int) -> list[int]:
    """`count` distinct sizes from 2..9 (none equal to d_out), then d_out."""
    choices = [size for size in range(2, 10) if size != d_out]
    return [int(size) for size in rng.choice(choices, count, replace=False)] + [d_out]


def draw_params(rng: np.random.Generator, sizes: Sequence[int], scale: float = 1.0) -> Params:
    """Weights of a Xavier-like scale (times `scale`) and nonzero biases."""
    params: Params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        std = scale * np.sqrt(2.0 / (fan_in + fan_out))
        params.append(rng.standard_normal((fan_in, fan_out)) * std)
        params.append(rng.standard_normal(fan_out) * 0.3)
    return params


def reference_model(sizes: Sequence[int], activation: str, params: Params) -> ref.MLP:
    model = ref.MLP(list(sizes), activation=activation, seed=0)
    model.params = [p.copy() for p in params]
    return model


def student_model(sub: Student, sizes: Sequence[int], activation: str, params: Params) -> Remote:
    model = sub.call("MLP", list(sizes), activation=activation, seed=0)
    if not isinstance(model, Remote):
        fail(f"MLP({list(sizes)}, ...) did not return an MLP object")
    sub.setattr(model, "params", [p.copy() for p in params])
    return model


def identity(z: np.ndarray) -> np.ndarray:
    return z


def forward_with(
    params: Params,
    X: np.ndarray,
    hidden: Callable[[np.ndarray], np.ndarray],
    output: Callable[[np.ndarray], np.ndarray],
) -> np.ndarray:
    A = X
    n_layers = len(params) // 2
    for layer in range(n_layers):
        Z = A @ params[2 * layer] + params[2 * layer + 1]
        A = output(Z) if layer == n_layers - 1 else hidden(Z)
    return A


def forward_mistakes(params: Params, X: np.ndarray, activation: str) -> list[Mistake]:
    act = ref.ACTIVATIONS[activation][0]
    mistakes = [
        Mistake(
            "forward returns the last layer's pre-activation Z_L; apply the sigmoid to it "
            "to get probabilities",
            forward_with(params, X, act, identity),
        ),
        Mistake(
            "the hidden layers have no activation: apply self.activation's function to "
            "each hidden Z",
            forward_with(params, X, identity, ref.sigmoid),
        ),
    ]
    if activation != "sigmoid":
        mistakes += [
            Mistake(
                f"the output layer uses the hidden activation ({activation}); it must "
                "always be a sigmoid",
                forward_with(params, X, act, act),
            ),
            Mistake(
                f"the hidden layers use a sigmoid; use self.activation ({activation!r})",
                forward_with(params, X, ref.sigmoid, ref.sigmoid),
            ),
        ]
    if activation != "tanh":
        mistakes.append(
            Mistake(
                f"the hidden layers use tanh whatever the activation; use self.activation "
                f"({activation!r})",
                forward_with(params, X, ref.tanh, ref.sigmoid),
            )
        )
    return mistakes


def check_forward(
    sub: Student,
    model: Remote,
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
) -> None:
    want = reference_model(sizes, activation, params).forward(X)
    what = f"MLP({list(sizes)}, activation={activation!r}).forward(X)"
    close(
        sub.method(model, "forward", X),
        want,
        what,
        rtol=1e-7,
        atol=1e-10,
        mistakes=forward_mistakes(params, X, activation),
        context=f"for X of shape {X.shape}",
    )


# ---- forward ---------------------------------------------------------------------------


@suite.check(
    points=1, title="forward on XOR gives P of shape (4, 1), as the reference", public=True
)
def forward_xor(sub: Student, rng: np.random.Generator) -> None:
    sizes = [2, 4, 1]
    params = draw_params(rng, sizes, scale=2.0)
    model = student_model(sub, sizes, "tanh", params)
    check_forward(sub, model, sizes, "tanh", params, XOR_X)
    check_list_input(sub, model, sizes, params)


def check_list_input(sub: Student, model: Remote, sizes: Sequence[int], params: Params) -> None:
    """forward takes any array-like X: the XOR table typed as a list of lists too."""
    listed = XOR_X.tolist()
    what = f"MLP({list(sizes)}, activation='tanh').forward(X) with X = {listed}, a list"
    try:
        got = sub.method(model, "forward", listed)
    except StudentFailure as failure:
        if failure.fatal or failure.kind != "error":
            raise
        fail(
            f"{what}, raised {failure.describe()}: X may be any array-like; convert it with "
            "np.asarray(X, dtype=float) before using array methods or attributes"
        )
    want = reference_model(sizes, "tanh", params).forward(XOR_X)
    close(got, want, what, rtol=1e-7, atol=1e-10)


@suite.check(points=1, title="forward of deeper, non-square networks with relu/tanh/sigmoid")
def forward_values(sub: Student, rng: np.random.Generator) -> None:
    for depth, activation in zip((1, 2, 3), rng.permutation(list(ref.ACTIVATIONS)), strict=True):
        d_out = int(rng.integers(2, 4)) if depth > 1 else 1
        sizes = distinct_sizes(rng, depth + 1, d_out)
        params = draw_params(rng, sizes, scale=2.0)
        X = rng.standard_normal((int(rng.integers(5, 10)), sizes[0]))
        model = student_model(sub, sizes, str(activation), params)
        check_forward(sub, model, sizes, str(activation), params, X)


# ---- backward --------------------------------------------------------------------------


def backward_with(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    activation: str,
    *,
    divisor: str = "size",
    deriv: str = "z",
    output_deriv: bool = False,
) -> Params:
    """The reference backward, or one of its known mistakes (for diagnoses)."""
    act, act_deriv = ref.ACTIVATIONS[activation]
    zs: Params = []
    acts: Params = [X]
    n_layers = len(params) // 2
    for layer in range(n_layers):
        Z = acts[-1] @ params[2 * layer] + params[2 * layer + 1]
        zs.append(Z)
        acts.append(ref.sigmoid(Z) if layer == n_layers - 1 else act(Z))
    P = acts[-1]
    dZ = P - Y
    dZ = dZ / {"size": Y.size, "n": Y.shape[0], "none": 1}[divisor]
    if output_deriv:
        dZ = dZ * P * (1.0 - P)
    grads: Params = []
    for layer in reversed(range(n_layers)):
        grads[:0] = [acts[layer].T @ dZ, dZ.sum(axis=0)]
        if layer > 0:
            dA = dZ @ params[2 * layer].T
            Z_prev = zs[layer - 1]
            if deriv == "z":
                dZ = dA * act_deriv(Z_prev)
            elif deriv == "a":
                dZ = dA * act_deriv(acts[layer])
            elif deriv == "formula":
                # the derivative written for the activation A, fed the pre-activation Z
                formula = {"tanh": 1.0 - Z_prev**2, "sigmoid": Z_prev * (1.0 - Z_prev)}
                dZ = dA * formula.get(activation, act_deriv(Z_prev))
            else:
                dZ = dA
    return grads


def backward_mistakes(
    params: Params, X: np.ndarray, Y: np.ndarray, activation: str
) -> list[tuple[str, Params]]:
    n, d_out = Y.shape
    variants = [
        (
            f"the gradients are {Y.size} times too large: divide by the batch size. The "
            "loss is a mean over all n * d_out entries of Y, so dL/dZ_L = (P - Y) / Y.size",
            backward_with(params, X, Y, activation, divisor="none"),
        ),
        (
            "missing activation derivative: dZ_prev = (dZ @ W.T) * act'(Z_prev); the "
            f"hidden layers' {activation} derivative is never applied",
            backward_with(params, X, Y, activation, deriv="none"),
        ),
        (
            "uses the post-activation A instead of the pre-activation Z in the derivative: "
            f"the given {activation}_deriv takes Z (self.zs), so {activation}_deriv(A) "
            "applies the activation twice; use act_deriv(Z_prev)",
            backward_with(params, X, Y, activation, deriv="a"),
        ),
        (
            f"the {activation} derivative is written in terms of the activation A but fed "
            "the pre-activation Z; use the given derivative function on Z_prev",
            backward_with(params, X, Y, activation, deriv="formula"),
        ),
        (
            "multiplies dL/dZ_L by the sigmoid's derivative P(1 - P) again: with BCE, "
            "dL/dZ_L = (P - Y) / Y.size already includes it",
            backward_with(params, X, Y, activation, output_deriv=True),
        ),
        (
            "the gradients have the wrong sign: dL/dZ_L = (P - Y) / Y.size, prediction minus "
            "target; with Y - P every optimizer step goes uphill",
            [-g for g in backward_with(params, X, Y, activation)],
        ),
    ]
    if d_out > 1:
        variants.insert(
            0,
            (
                f"the gradients are {d_out} times too large: you divide by the batch size n, "
                "but the loss averages over all n * d_out entries; divide by Y.size",
                backward_with(params, X, Y, activation, divisor="n"),
            ),
        )
    return variants


def check_grad_shapes(got: Any, params: Params, what: str) -> Params:
    """grads must be a list of arrays shaped like params, in the same order."""
    names = param_names(len(params))
    if isinstance(got, list | tuple) and len(got) == len(params) // 2 and len(params) > 2:
        if all(isinstance(item, list | tuple) and len(item) == 2 for item in got):
            fail(f"{what} returned {len(got)} (dW, db) pairs; return one flat list {ORDER_HINT}")
    items = sequence(got, what, len(params))
    grads = [array(item, f"{what}[{i}] ({names[i]})") for i, item in enumerate(items)]
    shapes = [g.shape for g in grads]
    want = [p.shape for p in params]
    if shapes == want:
        return grads
    pairs = [want[2 * layer : 2 * layer + 2] for layer in range(len(want) // 2)]
    if shapes == [s for pair in reversed(pairs) for s in pair]:
        fail(f"{what} returned the layers' gradients last layer first: {ORDER_HINT}")
    if shapes == want[::-1]:
        fail(f"{what} returned the gradients in reverse order: {ORDER_HINT}")
    if shapes == [s for pair in pairs for s in reversed(pair)]:
        fail(f"{what} has dW and db swapped in each pair (got shapes {shapes}): {ORDER_HINT}")
    for i, (shape, expected) in enumerate(zip(shapes, want, strict=True)):
        if shape == expected:
            continue
        if len(expected) == 2 and shape == expected[::-1]:
            fail(
                f"{what}: {names[i]} has shape {shape}, the transpose of {names[i][0]}"
                f"{names[i][1:]} {expected}: dW = A_prev.T @ dZ has shape (d_in, d_out)"
            )
        if shape in want:
            fail(
                f"{what}: gradient {i} has shape {shape}, the shape of "
                f"{names[want.index(shape)]} (expected {names[i]}'s {expected}): {ORDER_HINT}"
            )
        hint = " (db sums dZ over the batch axis: dZ.sum(axis=0))" if len(expected) == 1 else ""
        fail(f"{what}: {names[i]} has shape {shape}; expected {expected}{hint}")
    fail(f"{what} returned shapes {shapes}; expected {want}")


def flat(arrays: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate([np.ravel(a) for a in arrays]) if arrays else np.zeros(0)


def compare_grads(
    got: Params, want: Params, what: str, mistakes: Sequence[tuple[str, Params]], context: str
) -> None:
    names = param_names(len(want))
    scale = float(np.max(np.abs(flat(want)))) or 1.0

    def near(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
        return bool(np.allclose(a, b, rtol=rtol, atol=1e-10 + 1e-8 * scale))

    if all(near(g, w, 1e-6) for g, w in zip(got, want, strict=True)):
        return
    got_flat = flat(got)
    if not np.all(np.isfinite(got_flat)):
        fail(f"{what} returned nan or inf {context}")
    for hint, value in mistakes:
        if all(near(g, v, 1e-5) for g, v in zip(got, value, strict=True)):
            fail(f"{what}: {hint}")
    wrong = [name for name, g, w in zip(names, got, want, strict=True) if not near(g, w, 1e-6)]
    right = [name for name in names if name not in wrong]
    error = float(np.max(np.abs(got_flat - flat(want))))
    message = f"{what}: {', '.join(wrong)} wrong (off by up to {error:.3g}) {context}"
    if right and set(right) >= set(names[-2:]):
        message += (
            f"; {', '.join(right)} right, so dL/dZ_L is fine and the error is in passing "
            "dZ down a layer: dZ_prev = (dZ @ W.T) * act'(Z_prev)"
        )
    fail(message)


def numerical_grads(model: ref.MLP, X: np.ndarray, Y: np.ndarray, eps: float = 1e-6) -> Params:
    """Central differences of the reference loss, one parameter entry at a time."""
    grads: Params = []
    for p in model.params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            original = p[idx]
            p[idx] = original + eps
            plus = model.loss(X, Y)
            p[idx] = original - eps
            minus = model.loss(X, Y)
            p[idx] = original
            g[idx] = (plus - minus) / (2.0 * eps)
        grads.append(g)
    return grads


def tame_output(params: Params, sizes: Sequence[int], activation: str, X: np.ndarray) -> None:
    """Shrink the last layer (in place) until every output logit is within +-6.

    Where P rounds to 0 or 1, bce's clipping flattens the loss and finite differences
    no longer measure the gradient that backward computes.
    """
    for _ in range(20):
        model = reference_model(sizes, activation, params)
        model.forward(X)
        if float(np.max(np.abs(model.zs[-1]))) <= 6.0:
            return
        params[-2] *= 0.5
        params[-1] *= 0.5


@suite.check(
    points=2,
    title="backward matches the reference and finite differences (depth 1-3)",
    public=True,
)
def backward_gradients(sub: Student, rng: np.random.Generator) -> None:
    for depth, activation in zip((1, 2, 3), rng.permutation(list(ref.ACTIVATIONS)), strict=True):
        activation = str(activation)
        d_out = 1 if depth == 1 else int(rng.integers(2, 4))
        sizes = distinct_sizes(rng, depth + 1, d_out)
        n = int(rng.choice([k for k in range(5, 11) if k not in sizes]))
        params = draw_params(rng, sizes, scale=1.5)
        X = rng.standard_normal((n, sizes[0]))
        Y = (rng.random((n, d_out)) < 0.5).astype(np.float64)
        tame_output(params, sizes, activation, X)
        model = student_model(sub, sizes, activation, params)
        check_forward(sub, model, sizes, activation, params, X)
        what = f"backward(Y) of MLP({sizes}, activation={activation!r})"
        context = f"for a batch of n = {n}"
        grads = check_grad_shapes(sub.method(model, "backward", Y), params, what)
        reference = reference_model(sizes, activation, params)
        reference.forward(X)
        want = reference.backward(Y)
        compare_grads(grads, want, what, backward_mistakes(params, X, Y, activation), context)
        numeric = numerical_grads(reference, X, Y)
        scale = float(np.max(np.abs(flat(numeric)))) or 1.0
        for name, g, g_num in zip(param_names(len(params)), grads, numeric, strict=True):
            if not np.allclose(g, g_num, rtol=1e-4, atol=1e-7 * scale):
                fail(f"{what}: {name} disagrees with finite differences of the loss {context}")


# ---- optimizers ------------------------------------------------------------------------


def optimizer_problem(rng: np.random.Generator, steps: int) -> tuple[Params, list[Params]]:
    """Parameters [W1, b1, W2, b2] of distinct shapes and `steps` gradient lists.

    Gradient entries have magnitude 0.2-2 and a random sign (see the module notes).
    """
    a, b, c = (int(size) for size in rng.choice(np.arange(2, 7), 3, replace=False))
    shapes = [(a, b), (b,), (b, c), (c,)]
    params = [rng.standard_normal(shape) for shape in shapes]
    grads = [
        [rng.choice([-1.0, 1.0], shape) * rng.uniform(0.2, 2.0, shape) for shape in shapes]
        for _ in range(steps)
    ]
    return params, grads


Trajectory = list[Params]


def simulate(step: Step, params: Params, grad_seq: Sequence[Params]) -> Trajectory | None:
    """Run a grader-side optimizer over the sequence; None if it cannot run (shapes)."""
    current = [p.copy() for p in params]
    trajectory: Trajectory = []
    try:
        with np.errstate(all="ignore"):
            for grads in grad_seq:
                step(current, grads)
                trajectory.append([p.copy() for p in current])
    except ValueError:
        return None
    return trajectory


def exact(step: Step, params: Params, grad_seq: Sequence[Params]) -> Trajectory:
    """The reference trajectory (a correct optimizer always runs)."""
    trajectory = simulate(step, params, grad_seq)
    if trajectory is None:  # pragma: no cover - the reference optimizers cannot fail
        fail("internal grader error: the reference optimizer failed; please report this")
    return trajectory


def student_steps(
    sub: Student,
    optimizer: Any,
    name: str,
    params: Params,
    grad_seq: Sequence[Params],
    zero_division_hint: str = "",
) -> Trajectory:
    """Call the student's step on the sequence, feeding each step the previous result."""
    if not isinstance(optimizer, Remote):
        fail(f"{name} did not return an optimizer object")
    current = [p.copy() for p in params]
    # The child holds one params list across steps, as in real training, so state keyed
    # by the arrays' identity works.
    held = sub.keep(current)
    trajectory: Trajectory = []
    names = param_names(len(params))
    for k, grads in enumerate(grad_seq, start=1):
        what = f"{name}.step (step {k})"
        try:
            sub.method(optimizer, "step", held, grads)
        except StudentFailure as failure:
            if failure.fatal:
                raise
            if "broadcast" in failure.message:
                fail(
                    f"{what} failed with {failure.describe()}: is one state array shared "
                    "by all parameters? Keep one array per parameter (a list made with "
                    "np.zeros_like(p) for each p)"
                )
            if zero_division_hint and failure.message.startswith("ZeroDivisionError"):
                fail(f"{what}: {zero_division_hint} ({failure.describe()})")
            raise
        items = sequence(sub.fetch(held), f"{what}: params", len(params))
        updated = [
            array(item, f"{what}: {names[i]}", current[i].shape) for i, item in enumerate(items)
        ]
        unchanged = [
            n for n, u, c in zip(names, updated, current, strict=True) if np.array_equal(u, c)
        ]
        if len(unchanged) == len(names):
            fail(f"{name}.step left params unchanged: {IN_PLACE_HINT}")
        if unchanged:
            fail(f"{name}.step did not change {', '.join(unchanged)}: {IN_PLACE_HINT}")
        trajectory.append(updated)
        current = updated
    return trajectory


def check_grads_untouched(
    sub: Student, optimizer: Any, name: str, params: Params, grads: Params, steps: int = 3
) -> None:
    """step with one gradient list the child keeps, as a caller reusing its buffers would:
    the gradients must come back unchanged after every step."""
    if not isinstance(optimizer, Remote):
        fail(f"{name} did not return an optimizer object")
    held_params = sub.keep([p.copy() for p in params])
    held_grads = sub.keep([g.copy() for g in grads])
    names = param_names(len(grads))
    for k in range(1, steps + 1):
        sub.method(optimizer, "step", held_params, held_grads)
        after = sequence(sub.fetch(held_grads), f"{name}.step (step {k}): grads", len(grads))
        changed = [
            names[i]
            for i, (a, g) in enumerate(zip(after, grads, strict=True))
            if not (isinstance(a, np.ndarray) and a.shape == g.shape and np.array_equal(a, g))
        ]
        if not changed:
            continue
        why = (
            ": the state keeps the caller's gradient arrays (e.g. the first velocity is "
            "grads itself) and later steps write into them; create state with np.zeros_like(p)"
            if k > 1
            else "; write only into params and the optimizer's own state"
        )
        fail(
            f"{name}.step changed the gradients it was given ({', '.join(changed)}, after "
            f"step {k} of the same grads list): grads are read-only inputs{why}"
        )


def same_trajectory(a: Trajectory, b: Trajectory, rtol: float) -> bool:
    return all(
        np.allclose(x, y, rtol=rtol, atol=1e-6)
        for step_a, step_b in zip(a, b, strict=True)
        for x, y in zip(step_a, step_b, strict=True)
    )


def compare_trajectory(
    got: Trajectory,
    want: Trajectory,
    name: str,
    mistakes: Sequence[tuple[str, Trajectory | None]],
    nan_hint: str = "",
) -> None:
    if same_trajectory(got, want, 1e-6):
        return
    if not all(np.all(np.isfinite(p)) for params in got for p in params):
        fail(f"{name}.step produced nan or inf" + (f": {nan_hint}" if nan_hint else ""))
    for hint, value in mistakes:
        if value is not None and same_trajectory(got, value, 1e-5):
            fail(f"{name}.step: {hint}")
    first_wrong = next(
        k for k in range(len(got)) if not same_trajectory(got[k : k + 1], want[k : k + 1], 1e-6)
    )
    if first_wrong > 0:
        fail(
            f"{name}.step is right on the first step but wrong from step {first_wrong + 1}: "
            "check the state kept between calls (created once, updated every step)"
        )
    error = max(float(np.max(np.abs(x - y))) for x, y in zip(got[0], want[0], strict=True))
    fail(f"{name}.step is wrong on the first step (off by up to {error:.3g})")


def sgd_step(lr: float) -> Step:
    def step(params: Params, grads: Params) -> None:
        for p, g in zip(params, grads, strict=True):
            p -= lr * g

    return step


def momentum_step(lr: float, beta: float, *, ema: bool = False, v_first: bool = True) -> Step:
    velocity: Params = []

    def step(params: Params, grads: Params) -> None:
        if not velocity:
            velocity.extend(np.zeros_like(p) for p in params)
        for p, g, v in zip(params, grads, velocity, strict=True):
            if not v_first:
                p -= lr * v
            v *= beta
            v += (1.0 - beta) * g if ema else g
            if v_first:
                p -= lr * v

    return step


def momentum_shared(lr: float, beta: float) -> Step:
    state: dict[str, Any] = {"v": 0.0}

    def step(params: Params, grads: Params) -> None:
        for p, g in zip(params, grads, strict=True):
            state["v"] = beta * state["v"] + g
            p -= lr * state["v"]

    return step


@suite.check(points=1, title="SGD and Momentum steps, in place, over several calls")
def sgd_momentum(sub: Student, rng: np.random.Generator) -> None:
    params, grad_seq = optimizer_problem(rng, 4)
    lr = float(rng.uniform(0.05, 0.3))

    def run(step: Step) -> Trajectory | None:
        return simulate(step, params, grad_seq)

    name = f"SGD({lr:.3g})"
    got = student_steps(sub, sub.call("SGD", lr), name, params, grad_seq)
    sgd_mistakes = [
        ("it steps uphill: p -= lr * g, not p += lr * g", run(sgd_step(-lr))),
        ("it ignores the learning rate: p -= self.lr * g", run(sgd_step(1.0))),
    ]
    compare_trajectory(got, exact(sgd_step(lr), params, grad_seq), "SGD", sgd_mistakes)
    check_grads_untouched(sub, sub.call("SGD", lr), name, params, grad_seq[0])

    beta = float(rng.uniform(0.5, 0.8))
    name = f"Momentum({lr:.3g}, beta={beta:.3g})"
    got = student_steps(sub, sub.call("Momentum", lr, beta=beta), name, params, grad_seq)
    momentum_mistakes = [
        (
            "it uses the moving average v = beta*v + (1 - beta)*g; this workbook uses "
            "v = beta*v + g (PyTorch's convention)",
            run(momentum_step(lr, beta, ema=True)),
        ),
        (
            "the momentum state is not kept between steps (every step equals plain SGD): "
            "create the velocities once, on the first call, and keep them on self",
            run(sgd_step(lr)),
        ),
        (
            "it moves p with the old velocity, then updates v; first v = beta*v + g, "
            "then p -= lr * v",
            run(momentum_step(lr, beta, v_first=False)),
        ),
        (
            "one velocity is shared by all parameters; keep one array per parameter",
            run(momentum_shared(lr, beta)),
        ),
        (
            "it ignores the beta given to Momentum(lr, beta) and uses 0.9; use self.beta",
            run(momentum_step(lr, 0.9)),
        ),
        ("it steps uphill: p -= lr * v, not p += lr * v", run(momentum_step(-lr, beta))),
    ]
    want = exact(momentum_step(lr, beta), params, grad_seq)
    compare_trajectory(got, want, "Momentum", momentum_mistakes)
    check_grads_untouched(sub, sub.call("Momentum", lr, beta=beta), name, params, grad_seq[0])


def adam_step(
    lr: float,
    beta1: float,
    beta2: float,
    eps: float,
    *,
    correct_m: bool = True,
    correct_v: bool = True,
    t_mode: str = "step",
    keep_state: bool = True,
    eps_mode: str = "outside",
) -> Step:
    """Adam as the reference writes it, or with one known mistake.

    t_mode: "step" (t += 1 once per call), "stuck" (t is always 1), "param" (t += 1 once
    per parameter).
    eps_mode: "outside" (sqrt(v_hat) + eps), "inside" (sqrt(v_hat + eps), a mistake) or
    "folded" (lr_t = lr sqrt(1 - b2^t) / (1 - b1^t) and m / (sqrt(v) + eps), correct).
    """
    state: dict[str, Any] = {"t": 0, "m": None, "v": None}

    def step(params: Params, grads: Params) -> None:
        if state["m"] is None or not keep_state:
            state["m"] = [np.zeros_like(p) for p in params]
            state["v"] = [np.zeros_like(p) for p in params]
        if t_mode == "step":
            state["t"] += 1
        for p, g, m, v in zip(params, grads, state["m"], state["v"], strict=True):
            if t_mode == "param":
                state["t"] += 1
            t = 1 if t_mode == "stuck" else state["t"]
            m *= beta1
            m += (1.0 - beta1) * g
            v *= beta2
            v += (1.0 - beta2) * g * g
            m_hat = m / (1.0 - beta1**t) if correct_m else m
            v_hat = v / (1.0 - beta2**t) if correct_v else v
            if eps_mode == "inside":
                p -= lr * m_hat / np.sqrt(v_hat + eps)
            elif eps_mode == "folded":
                lr_t = lr * np.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
                p -= lr_t * m / (np.sqrt(v) + eps)
            else:
                p -= lr * m_hat / (np.sqrt(v_hat) + eps)

    return step


ADAM_T_ZERO = (
    "the step counter t is not incremented before the bias correction (with t = 0, "
    "1 - beta1**t is 0 and m / 0 is inf): do self.t += 1 at the start of each step"
)


@suite.check(points=1, title="Adam steps (bias correction, step counter), in place")
def adam_steps(sub: Student, rng: np.random.Generator) -> None:
    params, grad_seq = optimizer_problem(rng, 5)
    lr = float(rng.uniform(0.01, 0.1))
    beta1, beta2 = float(rng.uniform(0.7, 0.85)), float(rng.uniform(0.95, 0.99))
    eps = 1e-8
    name = f"Adam(lr={lr:.3g}, beta1={beta1:.3g}, beta2={beta2:.3g})"
    optimizer = sub.call("Adam", lr, beta1, beta2, eps)
    got = student_steps(sub, optimizer, name, params, grad_seq, zero_division_hint=ADAM_T_ZERO)

    def run(lr_: float = lr, b1: float = beta1, b2: float = beta2, **kw: Any) -> Trajectory | None:
        return simulate(adam_step(lr_, b1, b2, eps, **kw), params, grad_seq)

    mistakes = [
        (
            "Adam's first step is off: missing bias correction m_hat = m / (1 - beta1**t), "
            "v_hat = v / (1 - beta2**t)",
            run(correct_m=False, correct_v=False),
        ),
        (
            "only v is bias-corrected; add m_hat = m / (1 - beta1**t)",
            run(correct_m=False),
        ),
        (
            "only m is bias-corrected; add v_hat = v / (1 - beta2**t)",
            run(correct_v=False),
        ),
        (
            "the step counter t is not incremented: the bias correction always uses t = 1; "
            "do self.t += 1 once per step, before the corrections",
            run(t_mode="stuck"),
        ),
        (
            "t is incremented once per parameter; increment it once per step, before the loop",
            run(t_mode="param"),
        ),
        (
            "m and v are not kept between steps: create them once (on the first call) and "
            "keep them on self",
            run(keep_state=False),
        ),
        (
            "it ignores the betas given to Adam(...) and uses 0.9 and 0.999; use self.beta1 "
            "and self.beta2",
            run(b1=0.9, b2=0.999),
        ),
        ("it steps uphill: p -= lr * m_hat / (sqrt(v_hat) + eps)", run(lr_=-lr)),
    ]
    want = exact(adam_step(lr, beta1, beta2, eps), params, grad_seq)
    compare_trajectory(got, want, "Adam", mistakes, nan_hint=ADAM_T_ZERO)
    check_grads_untouched(sub, sub.call("Adam", lr, beta1, beta2, eps), name, params, grad_seq[0])


ADAM_EPS_INSIDE = (
    "eps is inside the square root: p -= lr * m_hat / (np.sqrt(v_hat) + eps), not "
    "lr * m_hat / np.sqrt(v_hat + eps)"
)
ADAM_EPS_IGNORED = (
    "it ignores the eps given to Adam(...) (it behaves as if eps were about 1e-8): use "
    "self.eps in p -= lr * m_hat / (np.sqrt(v_hat) + self.eps)"
)


@suite.check(points=1, title="Adam uses its eps, outside the square root (small gradients)")
def adam_eps(sub: Student, rng: np.random.Generator) -> None:
    # Gradients of about 0.01 against eps = 0.05: where eps sits (or whether it is used at
    # all) changes every step by a large factor. The folded form is a correct rewrite.
    params, grad_seq = optimizer_problem(rng, 3)
    grad_seq = [[0.01 * g for g in grads] for grads in grad_seq]
    lr, beta1, beta2 = float(rng.uniform(0.01, 0.1)), 0.9, 0.999
    eps = float(rng.uniform(0.02, 0.08))
    name = f"Adam(lr={lr:.3g}, eps={eps:.3g})"
    optimizer = sub.call("Adam", lr, beta1, beta2, eps)
    got = student_steps(sub, optimizer, name, params, grad_seq, zero_division_hint=ADAM_T_ZERO)
    folded = exact(adam_step(lr, beta1, beta2, eps, eps_mode="folded"), params, grad_seq)
    if same_trajectory(got, folded, 1e-6):
        return

    def run(eps_: float = eps, **kw: Any) -> Trajectory | None:
        return simulate(adam_step(lr, beta1, beta2, eps_, **kw), params, grad_seq)

    mistakes = [
        (ADAM_EPS_INSIDE, run(eps_mode="inside")),
        (ADAM_EPS_IGNORED, run(eps_=1e-8)),
        (
            "Adam's first step is off: missing bias correction m_hat = m / (1 - beta1**t), "
            "v_hat = v / (1 - beta2**t)",
            run(correct_m=False, correct_v=False),
        ),
    ]
    want = exact(adam_step(lr, beta1, beta2, eps), params, grad_seq)
    compare_trajectory(got, want, name, mistakes, nan_hint=ADAM_T_ZERO)


# ---- train -----------------------------------------------------------------------------


def fetch_params(
    sub: Student, model: Remote, shapes: Sequence[tuple[int, ...]], what: str
) -> Params:
    items = sequence(sub.getattr(model, "params"), what, len(shapes))
    names = param_names(len(shapes))
    return [array(item, f"{what}: {names[i]}", shapes[i]) for i, item in enumerate(items)]


def same_arrays(got: Any, want: Params, rtol: float = 1e-6) -> bool:
    """Plain-data comparison that never raises (for probes of what train relies on)."""
    if not isinstance(got, list | tuple) or len(got) != len(want):
        return False
    return all(
        isinstance(g, np.ndarray)
        and g.shape == w.shape
        and g.dtype.kind in "biuf"
        and bool(np.allclose(g, w, rtol=rtol, atol=1e-10))
        for g, w in zip(got, want, strict=True)
    )


def probe_train_parts(
    sub: Student,
    rng: np.random.Generator,
    sizes: list[int],
    activation: str,
    lr: float,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
) -> None:
    """train is run with the student's SGD and backward: name them when they are the cause."""
    grads = [rng.standard_normal(p.shape) for p in params]
    sgd = sub.call("SGD", lr)
    if not isinstance(sgd, Remote):
        fail("SGD(lr) did not return an optimizer object")
    _, args = sub.call_with_args("step", [p.copy() for p in params], grads, obj=sgd)
    moved = args[0] if isinstance(args, list | tuple) and args else None
    if not same_arrays(moved, [p - lr * g for p, g in zip(params, grads, strict=True)]):
        fail("train is checked with your SGD, and SGD.step is wrong: fix SGD.step first")
    probe = student_model(sub, sizes, activation, params)
    reference = reference_model(sizes, activation, params)
    if not same_arrays([sub.method(probe, "forward", X)], [reference.forward(X)]):
        fail("train is checked with your MLP.forward, which is wrong: fix forward first")
    if not same_arrays(sub.method(probe, "backward", Y), reference.backward(Y)):
        fail("train is checked with your MLP.backward, which is wrong: fix backward first")


TRAIN_STEP_HINT = (
    "Each epoch: P = model.forward(X), record the loss, grads = model.backward(Y), "
    "optimizer.step(model.params, grads)"
)


def reference_run(
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lr: float,
    updates: int,
    *,
    per_example: bool = False,
) -> tuple[ref.MLP, list[float], list[float]]:
    """The reference's SGD training: the model, its loss history, and the history that
    bce of a flattened Y (shape (n,) against P (n, 1)) would record.

    per_example: one update per row of X (stochastic) instead of one per epoch.
    """
    model = reference_model(sizes, activation, params)
    optimizer = ref.SGD(lr)
    history: list[float] = []
    flat_history: list[float] = []
    for _ in range(updates):
        P = model.forward(X)
        history.append(ref.bce(Y, P))
        flat_history.append(ref.bce(Y.ravel(), P))
        rows = [slice(i, i + 1) for i in range(len(X))] if per_example else [slice(None)]
        for row in rows:
            model.forward(X[row])
            optimizer.step(model.params, model.backward(Y[row]))
    return model, history, flat_history


def ignores_optimizer(
    sub: Student,
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
) -> bool:
    """Does train change the model even when given SGD(0.0), which changes nothing?"""
    model = student_model(sub, sizes, activation, params)
    sub.call("train", model, X, Y, sub.call("SGD", 0.0), 2)
    after = fetch_params(sub, model, [p.shape for p in params], "model.params after train")
    return not all(np.array_equal(a, p) for a, p in zip(after, params, strict=True))


@suite.check(points=1, title="train: full-batch loop; params recomputed, loss history checked")
def train_loop(sub: Student, rng: np.random.Generator) -> None:
    activation = str(rng.choice(list(ref.ACTIVATIONS)))
    sizes = [int(rng.integers(2, 5)), int(rng.integers(5, 9)), 1]
    n, epochs, lr = int(rng.integers(10, 17)), int(rng.integers(30, 51)), 0.5
    X = rng.standard_normal((n, sizes[0]))
    Y = (X @ rng.standard_normal((sizes[0], 1)) > 0).astype(np.float64)
    params = draw_params(rng, sizes)
    probe_train_parts(sub, rng, sizes, activation, lr, params, X, Y)

    model = student_model(sub, sizes, activation, params)
    history = sub.call("train", model, X, Y, sub.call("SGD", lr), epochs)
    after = fetch_params(sub, model, [p.shape for p in params], "model.params after train")

    def run(updates: int, **kw: bool) -> tuple[ref.MLP, list[float], list[float]]:
        return reference_run(sizes, activation, params, X, Y, lr, updates, **kw)

    reference, want_history, flat_history = run(epochs)
    start = ref.bce(Y, forward_with(params, X, ref.ACTIVATIONS[activation][0], ref.sigmoid))
    final = ref.bce(Y, forward_with(after, X, ref.ACTIVATIONS[activation][0], ref.sigmoid))
    if all(np.array_equal(a, p) for a, p in zip(after, params, strict=True)):
        fail(
            "train left model.params unchanged: call optimizer.step(model.params, grads) "
            "each epoch, with the gradients from model.backward(Y)"
        )
    if not same_arrays(after, reference.params):
        for updates in (epochs - 1, epochs + 1):
            if same_arrays(after, run(updates)[0].params):
                fail(
                    f"train made {updates} updates for epochs={epochs}; make one per epoch "
                    "(for _ in range(epochs))"
                )
        if same_arrays(after, run(epochs, per_example=True)[0].params):
            fail(
                f"train updates once per example ({n} updates per epoch); this loop is "
                f"full-batch: one forward on all of X and one update per epoch. {TRAIN_STEP_HINT}"
            )
        if ignores_optimizer(sub, sizes, activation, params, X, Y):
            fail(
                "train ignores the optimizer it is given: with SGD(0.0) it still changed "
                "model.params; update only through optimizer.step(model.params, grads)"
            )
        fail(
            f"train's model differs from the reference after {epochs} epochs of SGD (loss "
            f"{final:.4g}, recomputed from model.params; expected "
            f"{ref.bce(Y, reference.forward(X)):.4g}). {TRAIN_STEP_HINT}"
        )
    losses = number_list(history, f"train(..., epochs={epochs})", length=epochs)
    if not final < 0.95 * start:
        fail(f"train did not decrease the loss ({start:.4g} -> {final:.4g})")
    want = np.array(want_history)
    if np.allclose(losses, want, rtol=1e-6, atol=1e-9):
        return
    if np.allclose(losses[:-1], want[1:], rtol=1e-6, atol=1e-9):
        fail("train records the loss after each update; record it before (the epoch's forward)")
    if np.allclose(losses, flat_history, rtol=1e-6, atol=1e-9):
        fail(
            f"train's losses are bce of Y flattened to shape ({n},) against P of shape "
            f"({n}, 1), which broadcasts to ({n}, {n}): keep Y's shape (n, dL)"
        )
    fail(
        "train's loss history does not match its own training: record bce(Y, P) from each "
        "epoch's forward pass, before the update"
    )


# ---- XOR -------------------------------------------------------------------------------


def chained(params: Params) -> bool:
    """Are these [W1, b1, ..., WL, bL] of a 2-input, 1-output MLP?"""
    if len(params) < 4 or len(params) % 2 or params[0].ndim != 2 or params[0].shape[0] != 2:
        return False
    width = 2
    for W, b in zip(params[::2], params[1::2], strict=True):
        if W.ndim != 2 or W.shape[0] != width or b.shape != (W.shape[1],):
            return False
        width = W.shape[1]
    return width == 1


def optional_attr(sub: Student, obj: Remote, name: str) -> Any:
    """obj.name, or None when the object has no such attribute."""
    try:
        return sub.getattr(obj, name)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return None


def xor_predictions(sub: Student, model: Remote, what: str) -> np.ndarray:
    """P on the XOR inputs: the reference forward on the model's params when possible."""
    got, activation = optional_attr(sub, model, "params"), optional_attr(sub, model, "activation")
    if isinstance(got, list | tuple) and all(isinstance(p, np.ndarray) for p in got):
        params = [array(p, f"{what}: model.params[{i}]") for i, p in enumerate(got)]
        if chained(params) and isinstance(activation, str) and activation in ref.ACTIVATIONS:
            return forward_with(params, XOR_X, ref.ACTIVATIONS[activation][0], ref.sigmoid)
    P = sub.method(model, "forward", XOR_X)
    return array(P, f"{what}: model.forward(XOR inputs)", (4, 1))


# How train_xor must use each argument, when it is passed in and when it is left out.
XOR_PASSED = {
    "seed": "pass the seed on: MLP([2, hidden, 1], 'tanh', seed=seed)",
    "hidden": "build MLP([2, hidden, 1], ...) with the hidden size passed in",
    "epochs": "train for the epochs passed in, one loss per epoch",
    "lr": "train with Adam(lr=lr), the learning rate passed in",
}
XOR_DEFAULTS: dict[str, Any] = {"seed": 0, "hidden": 8, "epochs": 2000, "lr": 0.05}
XOR_LEFT_OUT = {name: f"the default is {name}={value}" for name, value in XOR_DEFAULTS.items()}
# One epoch with another learning rate shows whether each argument is used.
XOR_PROBE_LR = 0.2


def xor_result(result: Any, what: str, epochs: int, why: dict[str, str]) -> tuple[Remote, Any]:
    """train_xor's (model, history), with a history of one loss per epoch."""
    model, history = sequence(result, what, 2)
    if isinstance(history, Remote) and not isinstance(model, Remote):
        fail(f"{what} returned the history first; return (model, history), in that order")
    if not isinstance(model, Remote):
        fail(f"{what} returned {type(model).__name__} as the model; expected the MLP object")
    losses = number_list(history, f"{what}: the history")
    if len(losses) != epochs:
        fail(
            f"{what} returned a history of {len(losses)} losses; expected {epochs}: {why['epochs']}"
        )
    return model, losses


def xor_verdict(sub: Student, model: Remote, losses: np.ndarray, what: str) -> None:
    """Judge train_xor's (model, history) by the model's own parameters, recomputed here."""
    P = xor_predictions(sub, model, what)
    if not np.all(np.isfinite(P)):
        fail(f"{what}: the trained model predicts nan or inf on XOR")
    loss = ref.bce(XOR_Y, P)
    right = int(np.sum((P > 0.5) == (XOR_Y > 0.5)))
    if right == 4 and loss < XOR_THRESHOLD:
        return
    verdict = (
        f"your network doesn't solve XOR: {what} gives a loss of {loss:.3g}, recomputed from "
        f"the model's parameters with the workbook's forward pass (need < {XOR_THRESHOLD}), "
        f"with {right} of 4 points right"
    )
    if len(losses) and losses[-1] < XOR_THRESHOLD:
        fail(
            f"{verdict}, although its history ends at {losses[-1]:.3g}: return the model you "
            "trained, and make sure forward passes its checks (the history came from it)"
        )
    stuck = (
        " The loss is stuck near log(2) ~ 0.69, chance level." if abs(loss - 0.693) < 0.02 else ""
    )
    fail(
        f"{verdict}.{stuck} A linear model cannot solve XOR: check that the hidden layer "
        "applies tanh, that the hidden size, learning rate and epochs passed in are used, "
        "that Adam is the optimizer, and that backward and Adam pass their checks"
    )


def xor_arguments(
    sub: Student, result: Any, what: str, used: dict[str, Any], why: dict[str, str]
) -> None:
    """Did train_xor, run for one epoch, use `used` (seed, hidden, lr)? Its model's hidden
    width, its one loss (the initialization's) and how far Adam's one step moved the
    parameters (about lr each, whatever the gradient's size) say."""
    seed, hidden, lr = used["seed"], used["hidden"], used["lr"]
    model, losses = xor_result(result, what, 1, why)
    got = optional_attr(sub, model, "params")
    params = [np.asarray(p) for p in got] if isinstance(got, list | tuple) else []
    if params and params[0].ndim == 2 and params[0].shape[-1] != hidden:
        fail(f"{what} built {params[0].shape[-1]} hidden units; expected {hidden}: {why['hidden']}")
    start = ref.MLP([2, hidden, 1], activation="tanh", seed=seed)
    initial = ref.bce(XOR_Y, start.forward(XOR_X))
    if not np.isclose(losses[0], initial, rtol=1e-6, atol=1e-9):
        if chained(params):
            after = ref.bce(XOR_Y, forward_with(params, XOR_X, ref.tanh, ref.sigmoid))
            if np.isclose(losses[0], after, rtol=1e-6, atol=1e-9):
                fail(
                    f"{what}'s one loss is that of the model after its update: record each "
                    "epoch's loss before the update"
                )
        fail(
            f"{what} starts from a loss of {losses[0]:.6g}, but MLP([2, {hidden}, 1], 'tanh', "
            f"seed={seed}) starts from {initial:.6g}: {why['seed']}"
        )
    if not chained(params) or [p.shape for p in params] != [p.shape for p in start.params]:
        return
    moved = float(np.median(np.abs(flat(params) - flat(start.params))))
    # A trainer that waits before its first update (a warm-up) shows no step to measure.
    if moved != 0.0 and not np.isclose(moved, lr, rtol=0.05):
        fail(
            f"{what}: its one Adam step moved the parameters by {moved:.3g} (median), but "
            f"Adam(lr={lr:g})'s first step moves each by about {lr:g}: {why['lr']}"
        )


@suite.check(points=1, title="train_xor() solves XOR (all 4 points, loss < 0.05)", public=True)
def xor_default(sub: Student, rng: np.random.Generator) -> None:
    what = "train_xor()"
    model, losses = xor_result(sub.call("train_xor"), what, XOR_DEFAULTS["epochs"], XOR_LEFT_OUT)
    xor_verdict(sub, model, losses, what)
    # Solved; one epoch with the other defaults: are they the documented ones?
    why = {**XOR_LEFT_OUT, "epochs": XOR_PASSED["epochs"]}
    xor_arguments(sub, sub.call("train_xor", epochs=1), "train_xor(epochs=1)", XOR_DEFAULTS, why)


@suite.check(points=1, title="train_xor solves XOR for other seeds and hidden sizes")
def xor_seeds(sub: Student, rng: np.random.Generator) -> None:
    for seed, hidden in zip(rng.integers(1, 10_000, 2), rng.choice([6, 8, 12], 2), strict=True):
        attempt = partial(xor_with_epochs, sub, int(seed), int(hidden))
        short_then_full(attempt, 1000, short=XOR_SHORT_EPOCHS)
        # Solved; now one epoch with another learning rate: is every argument used?
        used = {"seed": int(seed), "hidden": int(hidden), "lr": XOR_PROBE_LR}
        what = f"train_xor(seed={seed}, hidden={hidden}, epochs=1, lr={XOR_PROBE_LR})"
        result = sub.call("train_xor", int(seed), int(hidden), 1, XOR_PROBE_LR)
        xor_arguments(sub, result, what, used, XOR_PASSED)


def xor_with_epochs(sub: Student, seed: int, hidden: int, epochs: int) -> None:
    what = f"train_xor(seed={seed}, hidden={hidden}, epochs={epochs}, lr=0.05)"
    result = sub.call("train_xor", seed, hidden, epochs, 0.05)
    xor_verdict(sub, *xor_result(result, what, epochs, XOR_PASSED), what)
