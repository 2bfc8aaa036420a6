"""Hidden checks for exercise mlp-forward: tanh, softmax and its Jacobian, init, forward pass.

The checks are declared here; what they use lives beside them, each module with its notes:
oracles.py (the inputs drawn and the values expected), probes.py (calling the student's
functions in particular ways), diagnosis.py (the known mistakes and their hints) and
judges.py (one result validated against the oracles, with the hint of its mistake).

Notes:
- softmax's Jacobian diag(p) - p p^T is symmetric, so a "transposed" Jacobian is the same
  matrix and passes; what can go wrong is the batch axis (shape) and the terms.
- init_params needs a NumPy Generator, which is not plain data: it is made in the child
  from the student's own `np` (np.random.default_rng(seed)) and passed back as a Remote.
- tanh, tanh_deriv and softmax take any shape (a loop written for a vector, or a result
  flattened to 1-D, is named); softmax_jacobian takes (n, k) and (k,); mlp_forward takes
  any depth and every activation. Defaults other than the signature's (axis=-1,
  scheme="he", "relu"/"softmax") are told apart from ignored arguments by a second call.
- softmax's known mistakes come from the shared catalogue grader/checks/diagnosis/softmax.py
  (7.3 grades softmax too); the activations of the forward pass are NumPy oracles written
  here, so that they apply to any input.
- The std of He/Xavier weights is judged on layers of ~15,000-40,000 weights with a 10%
  tolerance: the sample std's relative error is ~0.5%, so a correct draw never fails.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis.softmax import softmax_mistakes
from grader.checks.expect import close, fail, not_finite, same_shape
from grader.checks.mlp_forward.judges import (
    check_forward,
    check_forward_defaults,
    check_jacobian,
    init_default_scheme,
    init_layers,
    judge_std,
)
from grader.checks.mlp_forward.oracles import batch, layer_sizes, random_params
from grader.checks.mlp_forward.probes import any_shape, call_init, softmax_default
from grader.i18n import N_, _
from grader.isolation.runner import StudentFailure

suite = Suite("mlp-forward")


# ---- tanh ------------------------------------------------------------------------------

EXTREMES = N_("(z includes ±800 and ±20)")


@suite.check(
    points=1,
    title=N_("tanh and tanh_deriv on random batches and |z| = 800"),
    public=True,
)
def tanh_values(sub: Student, rng: np.random.Generator) -> None:
    z = batch(rng, 2.0)
    z.flat[rng.choice(z.size, 4, replace=False)] = [800.0, -800.0, 20.0, -20.0]
    t = np.tanh(z)
    close(
        same_shape(any_shape(sub, "tanh", z), z, "tanh"),
        t,
        "tanh",
        mistakes=[
            Mistake(
                _(
                    "tanh returned nan for |z| = 800: (e^z - e^-z) / (e^z + e^-z) overflows "
                    "once |z| > 710; use np.tanh(z)"
                ),
                test=not_finite,
            ),
        ],
        context=_(EXTREMES),
    )
    with np.errstate(all="ignore"):
        one_minus_z2 = 1.0 - z * z
    close(
        same_shape(any_shape(sub, "tanh_deriv", z), z, "tanh_deriv"),
        1.0 - t * t,
        "tanh_deriv",
        mistakes=[
            Mistake(_("it returned 1 - tanh(z); the derivative is 1 - tanh(z)**2"), 1.0 - t),
            Mistake(
                _("it returned 1 - z**2: square tanh(z), not z: 1 - np.tanh(z)**2"),
                one_minus_z2,
            ),
            Mistake(_("it returned tanh(z)**2; the derivative is 1 minus that"), t * t),
            Mistake(_("it returned tanh(z) itself; the derivative is 1 - tanh(z)**2"), t),
            Mistake(
                _(
                    "tanh_deriv returned nan for |z| = 800 (an overflowing cosh or exp); use "
                    "t = np.tanh(z) and return 1 - t**2"
                ),
                test=not_finite,
            ),
        ],
        context=_(EXTREMES),
    )


# ---- softmax and its Jacobian ------------------------------------------------------------


@suite.check(points=1, title=N_("softmax over the class axis of a batch, large logits too"))
def softmax_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    z = batch(rng, 3.0)
    z[int(rng.integers(z.shape[0]))] += 1000.0
    close(
        softmax_default(sub, z),
        ref.softmax(z),
        "softmax(z)",
        mistakes=softmax_mistakes(z),
        context=_("for z of shape {shape} with one row shifted by 1000").format(shape=z.shape),
    )
    # The classes along axis 0 (one example per column), a 1-D vector and a 3-D array.
    columns = batch(rng, 3.0).T
    close(
        any_shape(sub, "softmax", columns, axis=0),
        ref.softmax(columns, axis=0),
        "softmax(z, axis=0)",
        mistakes=softmax_mistakes(columns, axis=0),
        context=_("for z of shape {shape}").format(shape=columns.shape),
    )
    for z_other in (rng.standard_normal(int(rng.integers(3, 6))) * 3.0,
                    rng.standard_normal((2, 3, int(rng.integers(3, 6)))) * 3.0):  # fmt: skip
        close(
            any_shape(sub, "softmax", z_other),
            ref.softmax(z_other),
            "softmax(z)",
            mistakes=softmax_mistakes(z_other),
            context=_("for z of shape {shape}").format(shape=z_other.shape),
        )


@suite.check(points=1, title=N_("softmax_jacobian on (n, k) and (k,) inputs"), public=True)
def softmax_jacobian_values(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(5, 8)), int(rng.integers(3, 5))
    check_jacobian(sub, rng.standard_normal((n, k)) * 2.0)
    check_jacobian(sub, rng.standard_normal(k + 1) * 2.0)


# ---- init_params -----------------------------------------------------------------------


@suite.check(points=1, title=N_("init_params: (fan_in, fan_out) weights, zero biases"))
def init_shapes(sub: Student, rng: np.random.Generator) -> None:
    sizes = layer_sizes(rng)
    got = call_init(sub, sizes, int(rng.integers(2**31)))
    init_layers(got, sizes, f"init_params({sizes}, rng)")


@suite.check(points=1, title=N_("init_params: He and Xavier std on large layers"))
def init_std(sub: Student, rng: np.random.Generator) -> None:
    sizes = [int(rng.integers(150, 171)), int(rng.integers(220, 251)), int(rng.integers(70, 91))]
    for scheme in ("he", "xavier"):
        what = f"init_params({sizes}, rng, scheme='{scheme}')"
        layers = init_layers(call_init(sub, sizes, int(rng.integers(2**31)), scheme), sizes, what)
        for index, ((W, _b), fan_in, fan_out) in enumerate(
            zip(layers, sizes[:-1], sizes[1:], strict=True), start=1
        ):
            judge_std(W, fan_in, fan_out, scheme, f"{what}: W{index}")
    init_default_scheme(sub, sizes, int(rng.integers(2**31)))


@suite.check(points=0.5, title=N_("init_params draws from the rng it is given"))
def init_uses_rng(sub: Student, rng: np.random.Generator) -> None:
    sizes = layer_sizes(rng)
    seed = int(rng.integers(2**31 - 1))
    what = f"init_params({sizes}, rng)"
    first, again, other = (
        init_layers(call_init(sub, sizes, s), sizes, what) for s in (seed, seed, seed + 1)
    )
    weights = [np.concatenate([W.ravel() for W, _b in layers]) for layers in (first, again, other)]
    if not np.array_equal(weights[0], weights[1]):
        fail(
            _(
                "init_params gave different weights for two generators with the same seed: "
                "draw every number from the rng argument (rng.standard_normal(...)), not "
                "np.random.*"
            )
        )
    if np.array_equal(weights[0], weights[2]):
        fail(
            _(
                "init_params gave the same weights for generators with different seeds: it "
                "ignores the rng argument (a default_rng(0) of its own, or np.random.seed?); "
                "draw from the rng that is passed in"
            )
        )


# ---- mlp_forward -----------------------------------------------------------------------


@suite.check(points=0.5, title=N_("mlp_forward: 2-layer ReLU / softmax network"), public=True)
def forward_small(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    check_forward(sub, rng, ref, (2, "relu", "softmax"))


FORWARD_CASES = (
    (1, "relu", "softmax"), (1, "tanh", "sigmoid"), (1, "sigmoid", "identity"),
    (2, "tanh", "softmax"), (2, "sigmoid", "softmax"), (2, "relu", "sigmoid"),
    (2, "tanh", "identity"), (3, "relu", "identity"), (4, "tanh", "softmax"),
    (4, "sigmoid", "sigmoid"),
)  # fmt: skip


@suite.check(points=1.5, title=N_("mlp_forward for 1 to 4 layers and every activation"))
def forward_all(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for case in FORWARD_CASES:
        check_forward(sub, rng, ref, case)
    check_forward_defaults(sub, rng, ref)


@suite.check(points=0.5, title=N_("mlp_forward raises ValueError for unknown activations"))
def forward_unknown_activation(sub: Student, rng: np.random.Generator) -> None:
    sizes = [3, 5, 2]
    X = rng.standard_normal((4, 3))
    params = random_params(rng, sizes)
    for keyword, name in (("hidden_activation", "swish"), ("output_activation", "softplus")):
        what = f"mlp_forward(X, params, {keyword}='{name}')"
        try:
            got = sub.call("mlp_forward", X, params, **{keyword: name})
        except StudentFailure as failure:
            if failure.fatal or failure.kind == "not_implemented":
                raise
            if failure.message.startswith("ValueError"):
                continue
            fail(
                _(
                    "{what} raised {error}; raise a ValueError naming the unknown activation "
                    "instead"
                ).format(what=what, error=failure.describe())
            )
        fail(
            _(
                "{what} returned {type} instead of raising ValueError; check the name against "
                "the known activations and raise ValueError for anything else"
            ).format(what=what, type=type(got).__name__)
        )
