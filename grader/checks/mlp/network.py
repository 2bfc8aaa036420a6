"""The mlp suite's networks: building the student's and the reference's MLP, and
diagnosing forward.

- The student's MLP is built in the child (`MLP(sizes, activation=..., seed=0)`) and then
  given parameters drawn here (`setattr(model, "params", ...)`), so every comparison is
  with the reference MLP holding the very same parameters.
- forward also gets X as a list of lists (any array-like is allowed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis import Mistake
from grader.checks.expect import close, fail
from grader.i18n import _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

Params = list[np.ndarray]
ArrayFn = Callable[[np.ndarray], np.ndarray]


def param_names(n_params: int) -> list[str]:
    """["W1", "b1", "W2", "b2", ...] for `n_params` parameters."""
    return [f"{'Wb'[i % 2]}{i // 2 + 1}" for i in range(n_params)]


def flat(arrays: Sequence[np.ndarray]) -> np.ndarray:
    """Every entry of `arrays`, raveled and concatenated: shape (total size,)."""
    return np.concatenate([np.ravel(a) for a in arrays]) if arrays else np.zeros(0)


def distinct_sizes(rng: np.random.Generator, count: int, d_out: int) -> list[int]:
    """`count` distinct sizes from 2..9 (none equal to d_out), then d_out."""
    choices = [size for size in range(2, 10) if size != d_out]
    return [int(size) for size in rng.choice(choices, count, replace=False)] + [d_out]


def draw_params(rng: np.random.Generator, sizes: Sequence[int], scale: float = 1.0) -> Params:
    """[W1 (sizes[0], sizes[1]), b1 (sizes[1],), ...]: weights of a Xavier-like scale (times
    `scale`) and nonzero biases."""
    params: Params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        std = scale * np.sqrt(2.0 / (fan_in + fan_out))
        params.append(rng.standard_normal((fan_in, fan_out)) * std)
        params.append(rng.standard_normal(fan_out) * 0.3)
    return params


def reference_model(ref: ModuleType, sizes: Sequence[int], activation: str, params: Params) -> Any:
    """The reference MLP holding a copy of `params`."""
    model = ref.MLP(list(sizes), activation=activation, seed=0)
    model.params = [p.copy() for p in params]
    return model


def student_model(sub: Student, sizes: Sequence[int], activation: str, params: Params) -> Remote:
    """The student's MLP, built in the child and given a copy of `params`."""
    model = sub.call("MLP", list(sizes), activation=activation, seed=0)
    if not isinstance(model, Remote):
        fail(_("MLP({sizes}, ...) did not return an MLP object").format(sizes=list(sizes)))
    sub.setattr(model, "params", [p.copy() for p in params])
    return model


def identity(z: np.ndarray) -> np.ndarray:
    return z


def forward_with(params: Params, X: np.ndarray, hidden: ArrayFn, output: ArrayFn) -> np.ndarray:
    """The network's output (n, d_out) for X (n, d_in), with these activations."""
    A = X
    n_layers = len(params) // 2
    for layer in range(n_layers):
        Z = A @ params[2 * layer] + params[2 * layer + 1]
        A = output(Z) if layer == n_layers - 1 else hidden(Z)
    return A


def reference_forward(ref: ModuleType, params: Params, X: np.ndarray, activation: str) -> Any:
    """P (n, d_out), as the reference's forward computes it for these parameters."""
    return forward_with(params, X, ref.ACTIVATIONS[activation][0], ref.sigmoid)


def forward_mistakes(
    ref: ModuleType, params: Params, X: np.ndarray, activation: str
) -> list[Mistake]:
    """The known wrong forward passes: activations missing or in the wrong layers."""
    act = ref.ACTIVATIONS[activation][0]
    mistakes = [
        Mistake(
            _(
                "forward returns the last layer's pre-activation Z_L; apply the sigmoid to it "
                "to get probabilities"
            ),
            forward_with(params, X, act, identity),
        ),
        Mistake(
            _(
                "the hidden layers have no activation: apply self.activation's function to "
                "each hidden Z"
            ),
            forward_with(params, X, identity, ref.sigmoid),
        ),
    ]
    if activation != "sigmoid":
        mistakes += [
            Mistake(
                _(
                    "the output layer uses the hidden activation ({activation}); it must "
                    "always be a sigmoid"
                ).format(activation=activation),
                forward_with(params, X, act, act),
            ),
            Mistake(
                _("the hidden layers use a sigmoid; use self.activation ({activation!r})").format(
                    activation=activation
                ),
                forward_with(params, X, ref.sigmoid, ref.sigmoid),
            ),
        ]
    if activation != "tanh":
        mistakes.append(
            Mistake(
                _(
                    "the hidden layers use tanh whatever the activation; use self.activation "
                    "({activation!r})"
                ).format(activation=activation),
                forward_with(params, X, ref.tanh, ref.sigmoid),
            )
        )
    return mistakes


def check_forward(
    sub: Student,
    ref: ModuleType,
    model: Remote,
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
) -> None:
    """The student's model.forward(X) against the reference's, mistakes named."""
    want = reference_model(ref, sizes, activation, params).forward(X)
    close(
        sub.method(model, "forward", X),
        want,
        f"MLP({list(sizes)}, activation={activation!r}).forward(X)",
        rtol=1e-7,
        atol=1e-10,
        mistakes=forward_mistakes(ref, params, X, activation),
        context=_("for X of shape {shape}").format(shape=X.shape),
    )


def check_list_input(
    sub: Student, ref: ModuleType, model: Remote, sizes: Sequence[int], params: Params, X: Any
) -> None:
    """forward takes any array-like X: the table `X` (n, d_in) typed as a list of lists too."""
    listed = np.asarray(X).tolist()
    what = _("MLP({sizes}, activation='tanh').forward(X) with X = {X}, a list").format(
        sizes=list(sizes), X=listed
    )
    try:
        got = sub.method(model, "forward", listed)
    except StudentFailure as failure:
        if failure.fatal or failure.kind != "error":
            raise
        fail(
            _(
                "{what}, raised {error}: X may be any array-like; convert it with "
                "np.asarray(X, dtype=float) before using array methods or attributes"
            ).format(what=what, error=failure.describe())
        )
    want = reference_model(ref, sizes, "tanh", params).forward(X)
    close(got, want, what, rtol=1e-7, atol=1e-10)
