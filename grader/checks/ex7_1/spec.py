"""Exercise 7.1, activations and derivatives: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="7.1",
    title="Activations and derivatives",
    module="week17.ex7_1_activations",
    alias="ex7_1",
    timebox="20–45 min",
    goal=(
        "An activation bends the straight lines a dense layer draws. Backprop needs its slope "
        "as well, so you write both, and then test the slope against a numerical estimate "
        "you compute yourself."
    ),
    basic="Write `sigmoid(z)` and `relu(z)`, element-wise, for arrays of any shape.",
    intermediate=(
        "Write their derivatives `sigmoid_deriv(z)` and `relu_deriv(z)`, both as functions "
        "of the pre-activation `z`."
    ),
    advanced=(
        "Write `num_derivative(f, z, h)`, the central difference, and use it to confirm "
        "`sigmoid_deriv` on random points."
    ),
    shapes=(
        "every function: `z` of any shape → an array of the same shape (float64)",
        "`num_derivative(f, z, h)`: `f` maps an array to an array of the same shape; the "
        "result has `z`'s shape",
    ),
    mistakes=pitfalls(
        (
            "the one-sided difference",
            "`(f(z + h) - f(z)) / h` is off by a term proportional to `h`. Looking a step to "
            "both sides, `(f(z + h) - f(z - h)) / (2h)`, cancels that term and leaves an error "
            "proportional to `h²`.",
        ),
        (
            "a step h that is too big or too small",
            "A large `h` (say 0.1) measures the slope of a chord, not of the curve. A tiny `h` "
            "(say 1e-12) subtracts two almost equal floats and keeps mostly rounding noise. "
            "Around 1e-6 is a good middle for float64.",
        ),
        (
            "overflow in the sigmoid",
            "`np.exp(-z)` for `z = -1000` is `inf`, and the warnings turn into `nan` further on. "
            "Only ever exponentiate a number that is not positive (use `exp(-|z|)` and pick the "
            "formula by the sign of `z`), or clip `z` first.",
        ),
    ),
    pictures=(
        Picture(
            "plots.activations(ex7_1)",
            "Each activation next to its derivative. The dots are your central differences: "
            "they should sit on the derivative's curve. Notice how flat the sigmoid gets away "
            "from 0, and that ReLU's slope is exactly 0 or 1.",
        ),
    ),
)
