"""Exercise 7.8, convolution output shape: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="7.8",
    title="Convolution output shape",
    module="week19.ex7_8_conv_shape",
    alias="ex7_8",
    timebox="20–40 min",
    goal=(
        "Every CNN bug you will meet first shows up as a shape. One formula gives the output "
        "size of any convolution or pooling window; learn to apply it by hand."
    ),
    basic="Write `conv2d_out(H, W, KH, KW, stride, padding)` (no dilation).",
    intermediate=(
        "Check the MNIST case: a 28×28 image, a 5×5 kernel, stride 1 and no padding give 24×24."
    ),
    advanced=(
        "Check that padding 2 keeps the 28×28 size, then work out two cases of your own on paper."
    ),
    shapes=("all arguments are ints; returns `(H_out, W_out)`, a tuple of two ints",),
    mistakes=pitfalls(
        (
            "padding counted once",
            "Padding adds zeros on *both* sides of each axis, so the input grows by `2 * padding`.",
        ),
        (
            "kernel size versus receptive field",
            "Without dilation they are the same thing; with dilation the kernel covers more "
            "pixels than it has weights. This exercise has no dilation.",
        ),
        (
            "stride confused with pooling",
            "A stride makes the convolution itself skip positions; pooling is a separate layer "
            "that shrinks the map afterwards. Both use the same size formula.",
        ),
        (
            "rounding up",
            "Positions where the kernel would hang over the edge are dropped, so the division "
            "rounds down.",
        ),
    ),
)
