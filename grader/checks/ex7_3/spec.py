"""Exercise 7.3, stable softmax and cross-entropy: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="7.3",
    title="Stable softmax and cross-entropy",
    module="week17.ex7_3_softmax",
    alias="ex7_3",
    timebox="30–60 min",
    goal=(
        "Softmax turns scores into probabilities. Written naively it overflows for scores in "
        "the hundreds; a one-line shift makes it safe without changing the answer."
    ),
    basic=(
        "Write `logsumexp(z, axis, keepdims)` and `softmax(z, axis)` so that no exponent overflows."
    ),
    intermediate=(
        "Write `categorical_cross_entropy(y_true, y_pred)` for one-hot targets, averaged over "
        "the batch."
    ),
    advanced=(
        "Confirm that every row of a softmax sums to 1, and that the loss goes down when the "
        "probability of the correct class goes up."
    ),
    shapes=(
        "`z`: logits, e.g. (n, k) for n examples and k classes",
        "`softmax(z)` → same shape as `z`, rows summing to 1",
        "`logsumexp(z, axis=-1)` → (n,), or (n, 1) with `keepdims=True`",
        "`categorical_cross_entropy(y_true (n, k), y_pred (n, k))` → a Python float",
    ),
    mistakes=pitfalls(
        (
            "exponentiating the raw logits",
            "`np.exp(1000.0)` is `inf`, and `inf / inf` is `nan`. Subtract the largest logit "
            "of each row first: the shift cancels between numerator and denominator.",
        ),
        (
            "taking the log of zero",
            "A probability can underflow to exactly 0, and `log(0)` is `-inf`. Clip the "
            "predictions to at least a tiny `eps` before the log.",
        ),
        (
            "mixing up the two cross-entropies",
            "Binary cross-entropy has a `(1 - y) log(1 - p)` term for one sigmoid output. With "
            "one-hot targets over k classes you only sum `y log p` over the classes.",
        ),
    ),
    pictures=(
        Picture(
            "plots.softmax_temperature(ex7_3)",
            "The same four logits, multiplied by a growing factor before the softmax. Small "
            "factors (a high *temperature*) flatten the distribution towards uniform; large "
            "ones make it pick the biggest logit almost surely. The order never changes.",
        ),
    ),
)
