"""The known mistakes of softmax, log-sum-exp and categorical cross-entropy.

Exercise 7.3 grades all three and mlp-forward grades softmax again; both take their
mistakes from here, so each mistake is computed once and worded the same way everywhere.
Each function returns the wrong answers a student's code plausibly gives for one input,
as `Mistake`s in the order `expect.close()` should try them. The oracles are plain NumPy
written here (no reference module), so they may be applied to any input.
"""

from __future__ import annotations

import numpy as np

from grader.checks.diagnosis.mistakes import Mistake
from grader.checks.expect import not_finite
from grader.i18n import N_, _

SOFTMAX_OVERFLOW = N_(
    "softmax returned nan for logits of 1000; subtract the max first: "
    "exp(z - z.max(axis=axis, keepdims=True)). exp(1000) overflows to inf and inf / inf = "
    "nan; shifting every logit by the row max leaves softmax unchanged"
)
DEFAULT_AXIS = N_(
    "softmax(z) without an axis must use the default axis=-1 (the class axis); it is right "
    "when axis=-1 is passed, so fix the signature's default"
)
LSE_OVERFLOW = N_(
    "logsumexp returned inf or -inf for logits of ±1000: exp overflowed (or underflowed "
    "to 0). Subtract the max first and add it back: m + log(sum(exp(z - m)))"
)
LSE_GLOBAL_MAX = N_(
    "it subtracts the max of the whole array instead of the max along `axis`: a slice whose "
    "logits all lie far below that max underflows to log(0) = -inf. Take "
    "m = np.max(z, axis=axis, keepdims=True)"
)
CLIP = N_(
    "categorical_cross_entropy returned inf or nan when a predicted probability is exactly 0 "
    "(log(0) = -inf, and 0 * -inf = nan). Clip y_pred to [eps, 1] before the log: "
    "np.clip(y_pred, eps, 1.0)"
)
BINARY = N_(
    "it uses the binary cross-entropy formula (with a (1 - y) * log(1 - p) term). "
    "Categorical cross-entropy for one-hot targets is -sum(y_true * log(y_pred)) per "
    "example, averaged over the batch"
)
# The constants students add inside the log (Keras uses 1e-7) instead of clipping with eps.
ADDED_EPS = (1e-7, 1e-8, 1e-9, 1e-10, 1e-12)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Oracle: softmax of z (any shape) along `axis`, shifted by the max along that axis."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return np.asarray(e / np.sum(e, axis=axis, keepdims=True))


def quietly(values: np.ndarray) -> np.ndarray:
    """`values` as float64; computed under np.errstate by the caller when they overflow."""
    return np.asarray(values, dtype=np.float64)


def softmax_mistakes(z: np.ndarray, axis: int = -1) -> list[Mistake]:
    """softmax(z, axis) gone wrong: the axis, the normalisation, the max subtracted.

    Args:
        z: logits of any shape (a 1-D z has no other axis to confuse with `axis`).
        axis: the axis the softmax is asked along.
    """
    with np.errstate(all="ignore"):
        naive = quietly(np.exp(z) / np.sum(np.exp(z), axis=axis, keepdims=True))
        shifted = np.exp(z - np.max(z))
        global_max = quietly(shifted / np.sum(shifted, axis=axis, keepdims=True))
        whole_array = quietly(shifted / np.sum(shifted))
    unnormalised = np.exp(z - np.max(z, axis=axis, keepdims=True))
    mistakes = [
        Mistake(
            _(
                "it normalises over the whole array, so only the grand total is 1: sum along "
                "`axis` with keepdims=True so every slice sums to 1"
            ),
            whole_array,
        ),
        Mistake(
            _(
                "it forgot to divide by the sum of the exponentials: the probabilities along "
                "`axis` must sum to 1"
            ),
            unnormalised,
        ),
        Mistake(
            _(
                "it subtracted the max of the whole array; a row whose logits all lie far "
                "below it underflows to 0 / 0 = nan. Subtract each row's own max "
                "(keepdims=True)"
            ),
            global_max,
        ),
        Mistake(_(SOFTMAX_OVERFLOW), naive),
        Mistake(_(SOFTMAX_OVERFLOW), test=not_finite),
    ]
    if z.ndim < 2:
        return mistakes
    return [wrong_axis(z, axis), *mistakes]


def wrong_axis(z: np.ndarray, axis: int) -> Mistake:
    """Softmax over the batch axis 0 when the last is asked, or over the last when not."""
    if axis % z.ndim == z.ndim - 1:
        return Mistake(
            _(
                "it normalises over axis 0 (the batch) instead of the class axis {axis}: take "
                "the max and the sum along `axis`, with keepdims=True"
            ).format(axis=axis),
            softmax(z, axis=0),
        )
    return Mistake(
        _(
            "it ignored its axis argument and used the last axis; pass axis={axis} to np.max "
            "and np.sum"
        ).format(axis=axis),
        softmax(z, axis=-1),
    )


def logsumexp(z: np.ndarray, axis: int | None = -1, keepdims: bool = False) -> np.ndarray:
    """Oracle: log-sum-exp with the max pulled out (axis None reduces everything)."""
    m = np.max(z, axis=axis, keepdims=True)
    out = m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))
    return np.asarray(out if keepdims else np.squeeze(out, axis=axis))


def logsumexp_mistakes(z: np.ndarray, axis: int = -1, keepdims: bool = False) -> list[Mistake]:
    """logsumexp(z, axis, keepdims) gone wrong: the max (global, missing, not added back).

    The global max and the unshifted sum are only offered where they overflow or underflow:
    elsewhere they equal the right answer and cannot be told apart from it.
    """

    def reduced(out: np.ndarray) -> np.ndarray:
        return np.asarray(out if keepdims else np.squeeze(out, axis=axis))

    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(all="ignore"):
        global_max = reduced(
            np.max(z) + np.log(np.sum(np.exp(z - np.max(z)), axis=axis, keepdims=True))
        )
        naive = reduced(np.log(np.sum(np.exp(z), axis=axis, keepdims=True)))
        no_log = quietly(np.exp(logsumexp(z, axis, keepdims)))
    no_max_back = reduced(np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)))
    overflowing = [
        Mistake(_(LSE_GLOBAL_MAX), global_max) if not_finite(global_max) else None,
        Mistake(_(LSE_OVERFLOW), naive) if not_finite(naive) else None,
    ]
    return [
        *(mistake for mistake in overflowing if mistake is not None),
        Mistake(
            _("it forgot to add the max back: logsumexp(z) = m + log(sum(exp(z - m)))"),
            no_max_back,
        ),
        Mistake(_("it returned sum(exp(z)) without the log"), no_log),
        Mistake(_(LSE_OVERFLOW), test=not_finite),
    ]


def eps_added(y_true: np.ndarray, y_pred: np.ndarray) -> list[Mistake]:
    """log(y_pred + c) for the constants students use, instead of clipping with eps.

    Also summed over the batch instead of averaged (a textbook form writes both).
    """
    mistakes = []
    for eps in ADDED_EPS:
        hint = _(
            "it adds {eps:g} inside the log (log(y_pred + {eps:g})) instead of clipping with "
            "the eps argument; that shifts every loss a little and a probability of 0 costs "
            "-log({eps:g}). Use np.log(np.clip(y_pred, eps, 1.0))"
        ).format(eps=eps)
        per_example = -np.sum(y_true * np.log(y_pred + eps), axis=1)
        summed = _("{hint}; and it sums over the batch: average over the examples instead")
        mistakes += [
            Mistake(hint, float(np.mean(per_example)), rtol=1e-9),
            Mistake(summed.format(hint=hint), float(np.sum(per_example)), rtol=1e-9),
        ]
    return mistakes


def cross_entropy_mistakes(y_true: np.ndarray, y_pred: np.ndarray, want: float) -> list[Mistake]:
    """categorical_cross_entropy(y_true, y_pred) gone wrong: eps, sums, signs, formulas.

    Args:
        y_true: (n, k) targets, one-hot or soft; y_pred: (n, k) probabilities.
        want: the right loss (the batch mean), from the reference.
    """
    n, k = y_true.shape
    q = np.clip(y_pred, 1e-15, 1.0 - 1e-15)
    binary = -(y_true * np.log(q) + (1.0 - y_true) * np.log(1.0 - q))
    resoftmaxed = np.log(np.clip(softmax(y_pred), 1e-15, 1.0))
    return [
        *eps_added(y_true, y_pred),
        Mistake(
            _(
                "it returns the sum over the batch; return the mean over the n examples "
                "(sum over classes, then np.mean over rows)"
            ),
            want * n,
        ),
        Mistake(
            _(
                "it averages over the classes as well (np.mean of the whole array); sum over "
                "the classes (axis=1), then average over the examples only"
            ),
            want / k,
        ),
        Mistake(_(BINARY), float(np.mean(np.sum(binary, axis=1))), rtol=1e-6),
        Mistake(_(BINARY), float(np.mean(binary)), rtol=1e-6),
        Mistake(_(BINARY), float(np.sum(binary)), rtol=1e-6),
        Mistake(_("the loss came out negative: put a minus sign in front (log p <= 0)"), -want),
        Mistake(
            _(
                "it applies softmax to y_pred, which are already probabilities (each row sums "
                "to 1): take the log of the clipped y_pred itself, np.log(np.clip(y_pred, "
                "eps, 1.0))"
            ),
            float(-np.mean(np.sum(y_true * resoftmaxed, axis=1))),
            rtol=1e-9,
        ),
        Mistake(_(CLIP), test=not_finite),
    ]
