"""The 7.1 suite's diagnoses: the known mistakes of sigmoid, sigmoid_deriv and num_derivative,
computed on the inputs of a check, and their hints.

- sigmoid: exp(z) for exp(-z), an overflow to nan or inf; sigmoid_deriv: sigmoid applied
  twice, z for s, tanh's formula, an overflow.
- num_derivative with its default h: `/ 2 * h`, a division by h, a default h so large that
  the error follows the derivative's truncation terms, or so small that round-off dominates
  (told apart by correlation with the third derivative and the curvature).
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from grader.checks.diagnosis import Mistake
from grader.checks.expect import not_finite
from grader.i18n import N_, _

SIGMOID_OVERFLOW = N_(
    "sigmoid returned nan or inf for z = ±1000: exp overflowed. Clip z to [-500, 500] first "
    "(as the seed does) or only exponentiate -|z|: e = exp(-|z|), then 1 / (1 + e) where "
    "z >= 0 and e / (1 + e) elsewhere"
)
SIGMOID_DERIV_OVERFLOW = N_(
    "sigmoid_deriv returned nan or inf for z = ±1000: exp(-z) overflowed (e.g. in "
    "exp(-z) / (1 + exp(-z))**2). Compute s = sigmoid(z) with your stable sigmoid and "
    "return s * (1 - s)"
)
PRECEDENCE = N_(
    "it returns h² times the derivative: `/ 2 * h` multiplies by h (Python reads it as "
    "(... / 2) * h); divide by the width in parentheses: / (2 * h)"
)


def sigmoid_deriv_mistakes(z: np.ndarray, ref: ModuleType) -> list[Mistake]:
    s = ref.sigmoid(z)
    twice = ref.sigmoid(s)
    return [
        Mistake(
            _(
                "it applies the sigmoid twice (sigmoid of sigmoid(z)): compute s = sigmoid(z) "
                "once and return s * (1 - s); don't pass s back through sigmoid"
            ),
            twice * (1.0 - twice),
        ),
        Mistake(
            _("it returned z * (1 - z): the formula s * (1 - s) needs s = sigmoid(z), not z"),
            z * (1.0 - z),
        ),
        Mistake(_("it returned sigmoid(z) itself; the derivative is s * (1 - s)"), s),
        Mistake(_("it returned 1 - s**2 (that is tanh's formula); use s * (1 - s)"), 1.0 - s * s),
        Mistake(_(SIGMOID_DERIV_OVERFLOW), test=not_finite),
    ]


def sigmoid_third_derivative(z: np.ndarray, ref: ModuleType) -> np.ndarray:
    s = ref.sigmoid(z)
    d1 = s * (1.0 - s)
    return np.asarray(d1 * ((1.0 - 2.0 * s) ** 2 - 2.0 * d1))


def correlated(a: np.ndarray, b: np.ndarray) -> bool:
    """|correlation| of two arrays above 0.9 (both must vary)."""
    a, b = a.ravel(), b.ravel()
    if np.std(a) == 0.0 or np.std(b) == 0.0:
        return False
    return bool(abs(np.corrcoef(a, b)[0, 1]) > 0.9)


def looks_like_round_off(error: np.ndarray, smooth: tuple[np.ndarray, ...]) -> bool:
    """Small, noisy errors: uncorrelated with the derivative and its truncation terms."""
    if not np.all(np.isfinite(error)) or float(np.max(np.abs(error))) > 0.05:
        return False
    return not any(correlated(error, shape) for shape in smooth)


def default_h_mistakes(z: np.ndarray, want: np.ndarray, ref: ModuleType) -> list[Mistake]:
    """What a num_derivative(sigmoid, z) with a bad default h (or no 2) looks like."""
    bias = sigmoid_third_derivative(z, ref)
    curvature = want * (1.0 - 2.0 * ref.sigmoid(z))
    return [
        Mistake(
            _(PRECEDENCE),
            test=lambda got: (
                float(np.max(np.abs(got))) < 1e-6 * float(np.max(np.abs(want)))
                and correlated(got, want)
            ),
        ),
        Mistake(
            _("it divides by h, but the central difference spans 2h: divide by 2 * h"),
            2.0 * want,
            rtol=1e-5,
            atol=1e-8,
        ),
        Mistake(
            _(
                "the default h is too large: the difference quotient is biased (the error "
                "of a central difference grows like h²). Use a default around 1e-6"
            ),
            test=lambda got: correlated(got - want, bias) or correlated(got - want, curvature),
        ),
        Mistake(
            _(
                "the default h is so small that round-off dominates (the error grows like "
                "1e-16 / h). Use a default around 1e-6"
            ),
            test=lambda got: looks_like_round_off(got - want, (want, bias, curvature)),
        ),
    ]


def sigmoid_mistakes(z: np.ndarray, ref: ModuleType) -> list[Mistake]:
    return [
        Mistake(
            _(
                "it computes 1 / (1 + exp(z)), which is sigmoid(-z): the exponent needs a "
                "minus sign, exp(-z)"
            ),
            ref.sigmoid(-z),
        ),
        Mistake(_(SIGMOID_OVERFLOW), test=not_finite),
    ]
