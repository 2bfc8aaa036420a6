"""Hidden checks for exercise mlp-forward: tanh, softmax and its Jacobian, init, forward pass.

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

from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis.softmax import DEFAULT_AXIS, softmax, softmax_mistakes
from grader.checks.expect import array, close, fail, not_finite, sequence
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

suite = Suite("mlp-forward")

Layer = tuple[np.ndarray, np.ndarray]
Activation = Callable[[np.ndarray], np.ndarray]


def batch(rng: np.random.Generator, scale: float) -> np.ndarray:
    n, m = int(rng.integers(4, 7)), int(rng.integers(7, 10))
    return rng.standard_normal((n, m)) * scale


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


def same_shape(got: Any, z: np.ndarray, what: str) -> Any:
    """Fail with a hint when `got` holds as many numbers as z but in another shape."""
    if isinstance(got, np.ndarray) and got.shape != z.shape and got.size == z.size:
        fail(
            _(
                "{what} returned shape {got} for z of shape {shape}; the result has z's shape "
                "(it looks flattened: keep to whole-array operations, or reshape back with "
                ".reshape(z.shape))"
            ).format(what=what, got=got.shape, shape=z.shape)
        )
    return got


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


def jacobian(p: np.ndarray) -> np.ndarray:
    """Oracle: J[..., a, b] = p_a (delta_ab - p_b)."""
    k = p.shape[-1]
    outer = p[..., :, None] * p[..., None, :]
    return np.asarray(p[..., :, None] * np.eye(k) - outer)


def jacobian_mistakes(z: np.ndarray) -> list[Mistake]:
    p = softmax(z)
    k = p.shape[-1]
    outer = p[..., :, None] * p[..., None, :]
    diagonal = (p * (1.0 - p))[..., :, None] * np.eye(k)
    mistakes = [
        Mistake(_("it misses the diagonal term: J = diag(p) - p p^T, not just -p p^T"), -outer),
        Mistake(
            _(
                "it keeps only the diagonal p * (1 - p) (the sigmoid's derivative); add the "
                "off-diagonal terms -p_a * p_b: J = diag(p) - p p^T"
            ),
            diagonal,
        ),
        Mistake(_("its signs are flipped: J = diag(p) - p p^T"), -jacobian(p)),
        Mistake(
            _("it uses p_a (1 - p_a) on the diagonal twice: J = diag(p) - p p^T"),
            jacobian(p) - outer * np.eye(k),
        ),
    ]
    if z.ndim == 2:
        mistakes.append(
            Mistake(
                _(
                    "it takes softmax over the batch axis; the Jacobian is per example, over "
                    "the last axis"
                ),
                jacobian(softmax(z, axis=0)),
            )
        )
    return mistakes


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


@suite.check(points=1, title=N_("softmax_jacobian on (n, k) and (k,) inputs"), public=True)
def softmax_jacobian_values(sub: Student, rng: np.random.Generator) -> None:
    n, k = int(rng.integers(5, 8)), int(rng.integers(3, 5))
    check_jacobian(sub, rng.standard_normal((n, k)) * 2.0)
    check_jacobian(sub, rng.standard_normal(k + 1) * 2.0)


# ---- init_params -----------------------------------------------------------------------

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


def layer_sizes(rng: np.random.Generator) -> list[int]:
    """Four distinct sizes, so every W is non-square and a transposed W shows."""
    d0, d1 = int(rng.integers(3, 6)), int(rng.integers(7, 10))
    d2, d3 = int(rng.integers(11, 14)), int(rng.integers(2, 4))
    return [d0, d1, d2, d3]


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


def call_init(sub: Student, sizes: list[int], seed: int, scheme: str | None = None) -> Any:
    generator = make_rng(sub, seed)
    if scheme is None:
        return sub.call("init_params", sizes, generator)
    return sub.call("init_params", sizes, generator, scheme=scheme)


@suite.check(points=1, title=N_("init_params: (fan_in, fan_out) weights, zero biases"))
def init_shapes(sub: Student, rng: np.random.Generator) -> None:
    sizes = layer_sizes(rng)
    got = call_init(sub, sizes, int(rng.integers(2**31)))
    init_layers(got, sizes, f"init_params({sizes}, rng)")


HE, XAVIER = "sqrt(2 / fan_in)", "sqrt(2 / (fan_in + fan_out))"


def std_hint(measured: float, fan_in: int, fan_out: int, scheme: str, name: str) -> str:
    """Name the std the student seems to have used, or say what was expected."""
    he, xavier = np.sqrt(2.0 / fan_in), np.sqrt(2.0 / (fan_in + fan_out))
    want = he if scheme == "he" else xavier
    formula = HE if scheme == "he" else XAVIER
    candidates = [
        (
            want**2,
            _(
                "the variance {variance} as the standard deviation; take its square root: "
                "std = {formula}"
            ).format(variance=formula[5:-1], formula=formula),
        ),
        (
            xavier if scheme == "he" else he,
            _(
                "the other scheme's std: 'he' is sqrt(2 / fan_in), 'xavier' is "
                "sqrt(2 / (fan_in + fan_out))"
            ),
        ),
        (
            np.sqrt(1.0 / fan_in),
            _("sqrt(1 / fan_in) (LeCun); '{scheme}' uses {formula}").format(
                scheme=scheme, formula=formula
            ),
        ),
        (
            np.sqrt(2.0 / fan_out),
            _("fan_out where fan_in belongs; fan_in = W.shape[0]: {formula}").format(
                formula=formula
            ),
        ),
        (0.01, _("a fixed std of 0.01; scale by the scheme: {formula}").format(formula=formula)),
        (1.0, _("no scaling at all (std 1); multiply by {formula}").format(formula=formula)),
    ]
    for value, hint in candidates:
        if abs(measured / value - 1.0) < 0.1 and abs(measured / want - 1.0) > 0.1:
            return _("{name} has std {measured:.3g}: it looks like {hint}").format(
                name=name, measured=measured, hint=hint
            )
    return _(
        "{name} has std {measured:.3g}; expected {want:.3g} = {formula} for scheme='{scheme}' "
        "(fan_in = {fan_in}, fan_out = {fan_out})"
    ).format(
        name=name,
        measured=measured,
        want=want,
        formula=formula,
        scheme=scheme,
        fan_in=fan_in,
        fan_out=fan_out,
    )


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


def relu(z: np.ndarray) -> np.ndarray:
    return np.asarray(np.maximum(0.0, z))


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Oracle: the logistic function, exponentiating only -|z| so that nothing overflows."""
    e = np.exp(-np.abs(z))
    return np.asarray(np.where(z >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e)))


def softmax_last(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=-1)


def softmax_first(z: np.ndarray) -> np.ndarray:
    return softmax(z, axis=0)


HIDDEN: dict[str, Activation] = {"relu": relu, "tanh": np.tanh, "sigmoid": sigmoid}
OUTPUT: dict[str, Activation] = {
    "softmax": softmax_last,
    "sigmoid": sigmoid,
    "identity": lambda z: z,
}


def forward(
    X: np.ndarray,
    params: Sequence[Layer],
    hidden: Activation,
    output: Activation,
    last: Sequence[Activation] | None = None,
    use_bias: bool = True,
) -> np.ndarray:
    """A forward pass with pluggable activations; `last` replaces the last layer's."""
    A = X
    for W, b in params[:-1]:
        A = hidden(A @ W + (b if use_bias else 0.0))
    W, b = params[-1]
    A = A @ W + (b if use_bias else 0.0)
    for activation in last if last is not None else (output,):
        A = activation(A)
    return A


def forward_mistakes(
    X: np.ndarray, params: Sequence[Layer], hidden_name: str, output_name: str
) -> list[Mistake]:
    hidden, output = HIDDEN[hidden_name], OUTPUT[output_name]

    def variant(
        hidden_fn: Activation = hidden,
        last: Sequence[Activation] | None = None,
        use_bias: bool = True,
    ) -> np.ndarray:
        return forward(X, params, hidden_fn, output, last, use_bias)

    identity = OUTPUT["identity"]
    names = {"hidden": hidden_name, "output": output_name}
    mistakes = [
        Mistake(
            _(
                "it applies the hidden activation ({hidden}) to the last layer as well, "
                "before {output}; the last layer gets only output_activation"
            ).format(**names),
            variant(last=(hidden, output)),
        ),
        Mistake(
            _(
                "it uses the hidden activation ({hidden}) on the last layer instead of "
                "output_activation='{output}'"
            ).format(**names),
            variant(last=(hidden,)),
        ),
        Mistake(
            _("it applies the output activation ({output}) twice").format(**names),
            variant(last=(output, output)),
        ),
        Mistake(
            _(
                "it applies output_activation ('{output}') to the hidden layers too; they "
                "use hidden_activation ('{hidden}')"
            ).format(**names),
            variant(hidden_fn=output),
        ),
        Mistake(
            _(
                "the hidden layers have no activation; apply hidden_activation after each "
                "hidden layer's A @ W + b"
            ),
            variant(hidden_fn=identity),
        ),
        Mistake(_("it forgets the biases: each layer computes A @ W + b"), variant(use_bias=False)),
        Mistake(
            _("it skips the output activation ('{output}') on the last layer").format(**names),
            variant(last=(identity,)),
        ),
    ]
    if hidden_name != "relu":
        mistakes.append(
            Mistake(
                _(
                    "it ignores hidden_activation='{hidden}' and uses relu on the hidden "
                    "layers; apply the activation that is named"
                ).format(**names),
                variant(hidden_fn=HIDDEN["relu"]),
            )
        )
    if output_name != "softmax":
        mistakes.append(
            Mistake(
                _(
                    "it ignores output_activation='{output}' and applies softmax on the "
                    "last layer; apply the activation that is named"
                ).format(**names),
                variant(last=(softmax_last,)),
            )
        )
    if output_name == "softmax":
        mistakes.insert(
            0,
            Mistake(
                _("softmax is taken over axis 0 (the batch) instead of the class axis -1"),
                variant(last=(softmax_first,)),
            ),
        )
    return mistakes


def random_params(rng: np.random.Generator, sizes: Sequence[int]) -> list[Layer]:
    """Xavier weights and non-zero biases, so a forgotten bias shows.

    The weights are drawn here, as the reference's init_params draws them, rather than by
    asking the reference: a Generator is no argument a recorded reference can be keyed by.
    """
    return [
        (
            rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out)),
            rng.standard_normal(fan_out) * 0.5,
        )
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]


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
