"""The mlp-forward suite's diagnoses: the known mistakes of softmax_jacobian, init_params and
mlp_forward, computed on the inputs of a check, and their hints.

- softmax_jacobian: a missing diagonal or off-diagonal term, flipped signs, a doubled
  diagonal, softmax over the batch axis.
- init_params: the std a draw seems to have used (a variance, the other scheme, LeCun,
  fan_out, 0.01, 1).
- mlp_forward: each activation misplaced, doubled, skipped or ignored, and forgotten biases.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis.softmax import softmax
from grader.checks.mlp_forward.oracles import (
    HIDDEN,
    OUTPUT,
    Activation,
    Layer,
    forward,
    jacobian,
    softmax_first,
    softmax_last,
)
from grader.i18n import _


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
