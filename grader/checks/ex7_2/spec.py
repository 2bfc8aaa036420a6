"""Exercise 7.2, dense layer forward: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="7.2",
    title="Dense layer forward",
    module="week17.ex7_2_dense",
    alias="ex7_2",
    timebox="20–40 min",
    goal=(
        "A dense layer is one matrix product and a bias. The whole exercise is about getting "
        "the shapes right once, batch first, so you never need a transpose to patch them."
    ),
    basic="Write `dense_forward(X, W, b)` for a whole batch at once.",
    intermediate="Before you run anything, write down the output shape; then check it.",
    advanced=(
        "Compare your result with a plain Python loop over the rows on a tiny example: "
        "row `i` of the output must equal `X[i] @ W + b`."
    ),
    shapes=(
        "`X`: (n, d_in), one example per row",
        "`W`: (d_in, d_out)",
        "`b`: (d_out,)",
        "returns `Z`: (n, d_out)",
    ),
    mistakes=pitfalls(
        (
            "weights stored as (d_out, d_in)",
            "That is PyTorch's layout for `nn.Linear`, not this workbook's. If you find yourself "
            "adding `.T` to make the product fit, the shapes were decided the wrong way round.",
        ),
        (
            "a bias that broadcasts along the wrong axis",
            "`b` has one entry per output unit, so it must line up with the last axis of `Z`. "
            "A bias of shape (n, 1) or (n,) would add one number per example instead.",
        ),
    ),
)
