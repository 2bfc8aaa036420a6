"""Exercise 7.4, two-layer backprop: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="7.4",
    title="Two-layer backprop",
    module="week18.ex7_4_backprop",
    alias="ex7_4",
    timebox="45–90 min",
    goal=(
        "Backprop is the chain rule, applied node by node from the loss back to the weights. "
        "A numerical gradient on one or two coordinates tells you whether you got it right."
    ),
    basic=(
        "Write `forward(X, W1, b1, W2, b2)` for dense → ReLU → dense → sigmoid, returning the "
        "probabilities and a cache of the intermediates."
    ),
    intermediate=(
        "Write `backward(y, cache, W2)` returning `dW1, db1, dW2, db2` for the mean binary "
        "cross-entropy."
    ),
    advanced=(
        "Nudge one entry of `W2` by ±h, recompute the loss with `loss_fn`, and compare the "
        "central difference with the same entry of your `dW2`."
    ),
    shapes=(
        "`X`: (n, d_in), `y`: (n, 1)",
        "`W1`: (d_in, d_h), `b1`: (d_h,), `W2`: (d_h, 1), `b2`: (1,)",
        "`forward` → `P`: (n, 1) and `cache = (X, Z1, A1, Z2, P)`",
        "`backward` → `dW1` (d_in, d_h), `db1` (d_h,), `dW2` (d_h, 1), `db2` (1,)",
    ),
    mistakes=pitfalls(
        (
            "forgetting the 1/n of the mean",
            "The loss is an average over the batch, so its gradient carries a factor 1/n. "
            "Without it every gradient is exactly n times too large, which a numerical check "
            "spots at once.",
        ),
        (
            "a transposed product",
            "Each gradient has the shape of what it differentiates: `dW1` is (d_in, d_h), so "
            "it must be `X.T @ dZ1`. If the shapes only fit with a different transpose, "
            "retrace the graph.",
        ),
        (
            "targets of shape (n,)",
            "`P - y` with `P` of shape (n, 1) and `y` of shape (n,) broadcasts to (n, n) "
            "without any error. Keep `y` as a column.",
        ),
        (
            "a poor finite-difference step",
            "Check one to three coordinates with h around 1e-6; a much larger h biases the "
            "estimate, a much smaller one drowns it in rounding noise.",
        ),
    ),
)
