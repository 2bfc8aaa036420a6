"""The mlp-forward suite's judges: one result of the student's code validated against the
oracles, failing with the hint of the mistake it shows.

- softmax_jacobian on one input: its shape (batch axis, one matrix for a 1-D z), then its
  values.
- init_params: every layer's (W, b) shapes, zero biases, random weights; the std of He and
  Xavier weights on large layers (normal, centred, within 10%), and the default scheme.
- mlp_forward on one (depth, hidden, output) case, and with the default activations.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis.softmax import softmax
from grader.checks.expect import array, close, fail, not_finite, sequence
from grader.checks.mlp_forward.diagnosis import forward_mistakes, jacobian_mistakes, std_hint
from grader.checks.mlp_forward.oracles import (
    HIDDEN,
    OUTPUT,
    Layer,
    forward,
    jacobian,
    random_params,
)
from grader.checks.mlp_forward.probes import call_init, forward_call
from grader.i18n import _
from grader.isolation.runner import StudentFailure


def check_jacobian(sub: Student, z: np.ndarray) -> None:
    n_k = "(k,)" if z.ndim == 1 else "(n, k)"
    what = _("softmax_jacobian(z) for z of shape {shape}").format(shape=z.shape)
    want = jacobian(softmax(z))
    try:
        raw = sub.call("softmax_jacobian", z)
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented" or z.ndim != 1:
            raise
        fail(
            _(
                "{what} failed for a single example of shape {shape} ({error}); the docstring "
                "accepts (k,) too and returns one ({k}, {k}) matrix: index with "
                "p[..., :, None] and p[..., None, :], or handle z.ndim == 1"
            ).format(what=what, shape=z.shape, error=failure.describe(), k=z.size)
        )
    got = array(raw, what)
    k = z.shape[-1]
    if got.shape != want.shape:
        if z.ndim == 1 and got.shape == (1, k, k):
            fail(
                _(
                    "{what} returned shape (1, {k}, {k}); for a 1-D z return one ({k}, {k}) matrix"
                ).format(what=what, k=k)
            )
        if z.ndim == 2 and got.shape in ((k, k, z.shape[0]), (k, z.shape[0], k)):
            fail(
                _(
                    "{what} returned shape {got}; the batch axis comes first: {want} = (n, k, k)"
                ).format(what=what, got=got.shape, want=want.shape)
            )
        if got.shape == z.shape:
            fail(
                _(
                    "{what} returned shape {got}, one number per logit; the Jacobian of each "
                    "example is a (k, k) matrix, so z of shape {n_k} gives {want}"
                ).format(what=what, got=got.shape, n_k=n_k, want=want.shape)
            )
        fail(
            _("{what} returned shape {got}; expected {want}").format(
                what=what, got=got.shape, want=want.shape
            )
        )
    close(got, want, what, mistakes=jacobian_mistakes(z))


def init_layers(got: Any, sizes: Sequence[int], what: str) -> list[Layer]:
    """Validate init_params' result: [(W, b), ...] with W (fan_in, fan_out), b (fan_out,) zeros."""
    if isinstance(got, list | tuple) and len(got) != len(sizes) - 1:
        fail(
            _(
                "{what} returned {got} layers for {sizes} layer sizes; expected {want}, one "
                "layer per consecutive pair of sizes: for l in range(1, len(layer_sizes))"
            ).format(what=what, got=len(got), sizes=len(sizes), want=len(sizes) - 1)
        )
    layers = sequence(got, what, len(sizes) - 1)
    result: list[Layer] = []
    for index, (layer, fan_in, fan_out) in enumerate(
        zip(layers, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        result.append(init_layer(layer, index, fan_in, fan_out, what))
    return result


def init_layer(layer: Any, index: int, fan_in: int, fan_out: int, what: str) -> Layer:
    """Validate one (W, b) of init_params: W (fan_in, fan_out) random, b (fan_out,) zeros."""
    W_got, b_got = sequence(layer, f"{what}[{index - 1}]", 2)
    name = f"W{index}"
    W = array(W_got, name)
    if W.shape == (fan_out, fan_in):
        fail(
            _(
                "{what}: {name} has shape {shape} = (fan_out, fan_in), transposed; store it as "
                "(fan_in, fan_out) = ({fan_in}, {fan_out}) so that A @ W works"
            ).format(what=what, name=name, shape=W.shape, fan_in=fan_in, fan_out=fan_out)
        )
    W = array(W_got, f"{what}: {name}", (fan_in, fan_out))
    b = array(b_got, f"b{index}")
    if b.shape in ((1, fan_out), (fan_out, 1)):
        fail(
            _(
                "{what}: b{index} has shape {shape}; make it a flat vector of shape "
                "({fan_out},), e.g. np.zeros({fan_out})"
            ).format(what=what, index=index, shape=b.shape, fan_out=fan_out)
        )
    b = array(b_got, f"{what}: b{index}", (fan_out,))
    if not_finite(W):
        fail(_("{what}: {name} contains nan or inf").format(what=what, name=name))
    if np.any(b != 0.0):
        fail(
            _("{what}: b{index} should start at zero (np.zeros(fan_out)); only W is random").format(
                what=what, index=index
            )
        )
    if W.size > 1 and float(np.std(W)) == 0.0:
        fail(
            _(
                "{what}: every entry of {name} is the same; weights must be random to break "
                "the symmetry between units"
            ).format(what=what, name=name)
        )
    return W, b


def judge_std(W: np.ndarray, fan_in: int, fan_out: int, scheme: str, name: str) -> None:
    """W (fan_in, fan_out) must look normal, centred, with the scheme's std (10% tolerance)."""
    std = float(np.std(W))
    centred = W - float(np.mean(W))
    kurtosis = float(np.mean(centred**4) / np.mean(centred**2) ** 2)
    if kurtosis < 2.4:
        fail(
            _(
                "{name} looks uniformly distributed (kurtosis {kurtosis:.2f}; a normal has 3): "
                "draw from a normal, rng.standard_normal((fan_in, fan_out)) * std"
            ).format(name=name, kurtosis=kurtosis)
        )
    if abs(float(np.mean(W))) > 0.1 * std:
        fail(
            _(
                "{name} has mean {mean:.3g}; weights must be centred at 0 "
                "(rng.standard_normal, not rng.random)"
            ).format(name=name, mean=float(np.mean(W)))
        )
    want = np.sqrt(2.0 / fan_in if scheme == "he" else 2.0 / (fan_in + fan_out))
    if abs(std / want - 1.0) > 0.1:
        fail(std_hint(std, fan_in, fan_out, scheme, name))


def init_default_scheme(sub: Student, sizes: list[int], seed: int) -> None:
    """init_params(sizes, rng) without a scheme must draw He weights."""
    what = f"init_params({sizes}, rng)"
    layers = init_layers(call_init(sub, sizes, seed), sizes, what)
    for index, ((W, _b), fan_in, fan_out) in enumerate(
        zip(layers, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        std, he = float(np.std(W)), np.sqrt(2.0 / fan_in)
        if abs(std / he - 1.0) <= 0.1:
            continue
        if abs(std / np.sqrt(2.0 / (fan_in + fan_out)) - 1.0) <= 0.1:
            fail(
                _(
                    "{what}: W{index} has Xavier's std {std:.3g} without a scheme argument; "
                    "the default is scheme='he', std = sqrt(2 / fan_in)"
                ).format(what=what, index=index, std=std)
            )
        name = _("{what} (default scheme 'he'): W{index}").format(what=what, index=index)
        fail(std_hint(std, fan_in, fan_out, "he", name))


def check_forward(
    sub: Student,
    rng: np.random.Generator,
    ref: ModuleType,
    case: tuple[int, str, str],
) -> None:
    """mlp_forward with `case` = (depth, hidden activation, output activation)."""
    depth, hidden, output = case
    n = int(rng.integers(5, 9))
    sizes = [int(rng.integers(3, 5))] + [int(rng.integers(5, 8)) for _layer in range(depth - 1)]
    sizes.append(int(rng.integers(2, 4)) if output != "sigmoid" else int(rng.integers(1, 3)))
    X = rng.standard_normal((n, sizes[0]))
    params = random_params(rng, sizes)
    want = ref.mlp_forward(X, params, hidden, output)
    call = f"mlp_forward(X, params, hidden_activation='{hidden}', output_activation='{output}')"
    layers = _("with {depth} layers") if depth > 1 else _("with {depth} layer")
    what = f"{call} {layers.format(depth=depth)}"
    close(
        forward_call(sub, what, depth, X, params, hidden, output),
        want,
        what,
        mistakes=forward_mistakes(X, params, hidden, output),
        context=_("(layer sizes {sizes}, batch of {n})").format(sizes=sizes, n=n),
    )


def check_forward_defaults(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    """mlp_forward(X, params) must use the defaults 'relu' and 'softmax'."""
    n, sizes = int(rng.integers(5, 9)), [3, int(rng.integers(5, 8)), 3]
    X = rng.standard_normal((n, sizes[0])) * 2.0
    params = random_params(rng, sizes)
    what = _("mlp_forward(X, params) with the default activations")
    got = array(forward_call(sub, what, 2, X, params), what, (n, sizes[-1]))
    want = ref.mlp_forward(X, params, "relu", "softmax")
    if np.allclose(got, want):
        return
    for hidden, output in ((h, o) for h in HIDDEN for o in OUTPUT):
        if np.allclose(got, forward(X, params, HIDDEN[hidden], OUTPUT[output])):
            wrong = [
                _("the default {name} is '{default}', not '{used}'").format(
                    name=name, default=default, used=used
                )
                for name, default, used in (
                    ("hidden_activation", "relu", hidden),
                    ("output_activation", "softmax", output),
                )
                if used != default
            ]
            fail(
                _("{what}: {wrong}, as in the signature").format(
                    what=what, wrong=_(" and ").join(wrong)
                )
            )
    close(got, want, what, mistakes=forward_mistakes(X, params, "relu", "softmax"))
