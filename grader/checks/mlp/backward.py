"""The mlp suite's backward pass: its gradients' shapes and order, the reference's
gradients with the known mistakes named, and central finite differences.

- backward is compared with the reference's analytic gradients and with central finite
  differences of the reference loss, on depth 1, 2 and 3 networks that use each hidden
  activation once, with all layer sizes distinct (every W is non-square and no two
  parameters share a shape, so order and transposition mistakes show as shapes).
- Finite differences need the loss to be smooth: where P rounds to 0 or 1, bce's clipping
  flattens it. The last layer is shrunk until every output logit is within +-6.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis.finite_differences import agrees, numerical_gradients
from grader.checks.expect import array, fail, sequence
from grader.checks.mlp.network import (
    Params,
    check_forward,
    flat,
    param_names,
    reference_model,
    student_model,
)
from grader.i18n import N_, _

ORDER_HINT = N_(
    "return [dW1, db1, ..., dWL, dbL] in the same order as params (walking the layers "
    "backwards, insert each pair at the front, or reverse the list at the end)"
)


def backward_with(
    ref: ModuleType,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    activation: str,
    *,
    divisor: str = "size",
    deriv: str = "z",
    output_deriv: bool = False,
) -> Params:
    """The reference backward, or one of its known mistakes (for diagnoses): the gradients
    [dW1, db1, ...] shaped as `params`, for X (n, d_in) and Y (n, d_out)."""
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
    ref: ModuleType, params: Params, X: np.ndarray, Y: np.ndarray, activation: str
) -> list[tuple[str, Params]]:
    """(hint, gradients) of each known wrong backward pass."""
    n, d_out = Y.shape

    def wrong(**kw: Any) -> Params:
        return backward_with(ref, params, X, Y, activation, **kw)

    variants = [
        (
            _(
                "the gradients are {size} times too large: divide by the batch size. The loss "
                "is a mean over all n * d_out entries of Y, so dL/dZ_L = (P - Y) / Y.size"
            ).format(size=Y.size),
            wrong(divisor="none"),
        ),
        (
            _(
                "missing activation derivative: dZ_prev = (dZ @ W.T) * act'(Z_prev); the "
                "hidden layers' {activation} derivative is never applied"
            ).format(activation=activation),
            wrong(deriv="none"),
        ),
        (
            _(
                "uses the post-activation A instead of the pre-activation Z in the derivative: "
                "the given {activation}_deriv takes Z (self.zs), so {activation}_deriv(A) "
                "applies the activation twice; use act_deriv(Z_prev)"
            ).format(activation=activation),
            wrong(deriv="a"),
        ),
        (
            _(
                "the {activation} derivative is written in terms of the activation A but fed "
                "the pre-activation Z; use the given derivative function on Z_prev"
            ).format(activation=activation),
            wrong(deriv="formula"),
        ),
        (
            _(
                "multiplies dL/dZ_L by the sigmoid's derivative P(1 - P) again: with BCE, "
                "dL/dZ_L = (P - Y) / Y.size already includes it"
            ),
            wrong(output_deriv=True),
        ),
        (
            _(
                "the gradients have the wrong sign: dL/dZ_L = (P - Y) / Y.size, prediction "
                "minus target; with Y - P every optimizer step goes uphill"
            ),
            [-g for g in wrong()],
        ),
    ]
    if d_out > 1:
        too_large = _(
            "the gradients are {d_out} times too large: you divide by the batch size n, but "
            "the loss averages over all n * d_out entries; divide by Y.size"
        )
        variants.insert(0, (too_large.format(d_out=d_out), wrong(divisor="n")))
    return variants


def check_grad_shapes(got: Any, params: Params, what: str) -> Params:
    """grads must be a list of arrays shaped like params, in the same order."""
    names = param_names(len(params))
    if isinstance(got, list | tuple) and len(got) == len(params) // 2 and len(params) > 2:
        if all(isinstance(item, list | tuple) and len(item) == 2 for item in got):
            fail(
                _(
                    "{what} returned {count} (dW, db) pairs; return one flat list return [dW1, "
                    "db1, ..., dWL, dbL] in the same order as params (walking the layers "
                    "backwards, insert each pair at the front, or reverse the list at the end)"
                ).format(what=what, count=len(got))
            )
    items = sequence(got, what, len(params))
    grads = [array(item, f"{what}[{i}] ({names[i]})") for i, item in enumerate(items)]
    shapes = [g.shape for g in grads]
    want = [p.shape for p in params]
    if shapes != want:
        wrong_shapes(shapes, want, what)
    return grads


def wrong_shapes(shapes: list[tuple[int, ...]], want: list[tuple[int, ...]], what: str) -> None:
    """Fail naming why gradients of `shapes` are not shaped as the parameters (`want`)."""
    names = param_names(len(want))
    order = _(ORDER_HINT)
    pairs = [want[2 * layer : 2 * layer + 2] for layer in range(len(want) // 2)]
    if shapes == [s for pair in reversed(pairs) for s in pair]:
        fail(
            _("{what} returned the layers' gradients last layer first: {order}").format(
                what=what, order=order
            )
        )
    if shapes == want[::-1]:
        fail(
            _("{what} returned the gradients in reverse order: {order}").format(
                what=what, order=order
            )
        )
    if shapes == [s for pair in pairs for s in reversed(pair)]:
        fail(
            _("{what} has dW and db swapped in each pair (got shapes {shapes}): {order}").format(
                what=what, shapes=shapes, order=order
            )
        )
    for i, (shape, expected) in enumerate(zip(shapes, want, strict=True)):
        if shape == expected:
            continue
        if len(expected) == 2 and shape == expected[::-1]:
            fail(
                _(
                    "{what}: {name} has shape {shape}, the transpose of {name} {expected}: "
                    "dW = A_prev.T @ dZ has shape (d_in, d_out)"
                ).format(what=what, name=names[i], shape=shape, expected=expected)
            )
        if shape in want:
            fail(
                _(
                    "{what}: gradient {i} has shape {shape}, the shape of {other} (expected "
                    "{name}'s {expected}): {order}"
                ).format(
                    what=what,
                    i=i,
                    shape=shape,
                    other=names[want.index(shape)],
                    name=names[i],
                    expected=expected,
                    order=order,
                )
            )
        if len(expected) == 1:
            fail(
                _(
                    "{what}: {name} has shape {shape}; expected {expected} (db sums dZ over the "
                    "batch axis: dZ.sum(axis=0))"
                ).format(what=what, name=names[i], shape=shape, expected=expected)
            )
        fail(
            _("{what}: {name} has shape {shape}; expected {expected}").format(
                what=what, name=names[i], shape=shape, expected=expected
            )
        )
    fail(
        _("{what} returned shapes {shapes}; expected {want}").format(
            what=what, shapes=shapes, want=want
        )
    )


def compare_grads(
    got: Params, want: Params, what: str, mistakes: Sequence[tuple[str, Params]], context: str
) -> None:
    """Gradients equal to the reference's, else the known mistake they match, else which
    parameters are wrong."""
    names = param_names(len(want))
    scale = float(np.max(np.abs(flat(want)))) or 1.0

    def near(a: np.ndarray, b: np.ndarray, rtol: float) -> bool:
        return bool(np.allclose(a, b, rtol=rtol, atol=1e-10 + 1e-8 * scale))

    if all(near(g, w, 1e-6) for g, w in zip(got, want, strict=True)):
        return
    got_flat = flat(got)
    if not np.all(np.isfinite(got_flat)):
        fail(_("{what} returned nan or inf {context}").format(what=what, context=context))
    for hint, value in mistakes:
        if all(near(g, v, 1e-5) for g, v in zip(got, value, strict=True)):
            fail(f"{what}: {hint}")
    wrong = [name for name, g, w in zip(names, got, want, strict=True) if not near(g, w, 1e-6)]
    right = [name for name in names if name not in wrong]
    fields = {
        "what": what,
        "wrong": ", ".join(wrong),
        "right": ", ".join(right),
        "error": float(np.max(np.abs(got_flat - flat(want)))),
        "context": context,
    }
    if right and set(right) >= set(names[-2:]):
        fail(
            _(
                "{what}: {wrong} wrong (off by up to {error:.3g}) {context}; {right} right, so "
                "dL/dZ_L is fine and the error is in passing dZ down a layer: "
                "dZ_prev = (dZ @ W.T) * act'(Z_prev)"
            ).format(**fields)
        )
    fail(_("{what}: {wrong} wrong (off by up to {error:.3g}) {context}").format(**fields))


def tame_output(
    ref: ModuleType, params: Params, sizes: Sequence[int], activation: str, X: np.ndarray
) -> None:
    """Shrink the last layer (in place) until every output logit is within +-6.

    Where P rounds to 0 or 1, bce's clipping flattens the loss and finite differences
    no longer measure the gradient that backward computes.
    """
    for _attempt in range(20):
        model = reference_model(ref, sizes, activation, params)
        model.forward(X)
        if float(np.max(np.abs(model.zs[-1]))) <= 6.0:
            return
        params[-2] *= 0.5
        params[-1] *= 0.5


def check_backward(
    sub: Student,
    ref: ModuleType,
    sizes: list[int],
    activation: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
) -> None:
    """The student's backward(Y) for X (n, d_in), Y (n, d_out): its shapes, the reference's
    gradients (mistakes named), then central finite differences of the reference loss."""
    model = student_model(sub, sizes, activation, params)
    check_forward(sub, ref, model, sizes, activation, params, X)
    what = _("backward(Y) of MLP({sizes}, activation={activation!r})").format(
        sizes=sizes, activation=activation
    )
    context = _("for a batch of n = {n}").format(n=len(X))
    grads = check_grad_shapes(sub.method(model, "backward", Y), params, what)
    reference = reference_model(ref, sizes, activation, params)
    reference.forward(X)
    want = reference.backward(Y)
    mistakes = backward_mistakes(ref, params, X, Y, activation)
    compare_grads(grads, want, what, mistakes, context)

    def loss(trial: list[np.ndarray]) -> float:
        reference.params = trial
        return float(reference.loss(X, Y))

    numeric = numerical_gradients(loss, params)
    scale = float(np.max(np.abs(flat(numeric)))) or 1.0
    for name, g, g_num in zip(param_names(len(params)), grads, numeric, strict=True):
        if not agrees(g, g_num, rtol=1e-4, atol=1e-7 * scale):
            fail(
                _("{what}: {name} disagrees with finite differences of the loss {context}").format(
                    what=what, name=name, context=context
                )
            )
