"""Exercise overfit, overfit test: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="overfit",
    title="Overfit test",
    module="week18.overfit_test",
    alias="overfit_test",
    timebox="30–60 min",
    goal=(
        "The sanity check to run before any real training: memorise four XOR points to a loss "
        "below 0.01, and when that fails, find out whether the gradients are to blame."
    ),
    basic=(
        "Write `overfit(X, Y, hidden, epochs, lr, seed)`: full-batch Adam on the given "
        "two-layer network, recording the loss before each update."
    ),
    intermediate=(
        "Write `gradient_check(params, X, Y, grads, eps)`: the largest relative error between "
        "the given gradients and central differences of the loss, over every entry."
    ),
    advanced=(
        "Write `run_overfit_test()`: overfit XOR, recompute the final loss from the returned "
        "parameters, and raise if it is not below 0.01."
    ),
    shapes=(
        "`X`: (n, d_in), `Y`: (n, d_out)",
        "`params`: [W1 (d_in, hidden), b1 (hidden,), W2 (hidden, d_out), b2 (d_out,)]",
        "`overfit` → (params, history of `epochs` floats)",
        "`gradient_check` → a float (≈1e-8 or less when the gradients are right)",
    ),
    mistakes=pitfalls(
        (
            "giving up too early",
            "A tiny learning rate or a few hundred epochs can leave the loss near log 2 ≈ 0.69. "
            "On four points a correct network always gets to near zero; change the settings "
            "before you blame the model.",
        ),
        (
            "not restoring a perturbed entry",
            "After nudging a parameter by ±eps, put the original value back. Otherwise every "
            "later check, and the training after it, runs on corrupted weights.",
        ),
        (
            "trusting the history's last number",
            "The last entry of the history is the loss *before* the final update. Recompute the "
            "loss from the returned parameters.",
        ),
    ),
    pictures=(
        Picture(
            "plots.overfit_curve(overfit_test)",
            "The training loss of the overfit test on a log scale. It should fall through the "
            "dashed 0.01 line and keep going; a curve that flattens out near 0.69 means the "
            "network is not learning at all.",
        ),
    ),
    timeout=30.0,
)
