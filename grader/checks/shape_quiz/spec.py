"""Exercise shape-quiz, leNet shape quiz: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="shape-quiz",
    title="LeNet shape quiz",
    module="week19.shape_quiz",
    alias="shape_quiz",
    timebox="20–30 min",
    goal=(
        "Work out the shape after every LeNet layer with the size formula alone. Do it on "
        "paper first; then make the function reproduce your table."
    ),
    basic="Fill in the shapes of conv1 and pool1 for a (1, 1, 28, 28) input.",
    intermediate="Carry on through conv2 and pool2.",
    advanced=(
        "Finish with flatten and the three dense layers, for any batch size and image size "
        "(`lenet_shapes(n, h, w)`)."
    ),
    shapes=(
        "`lenet_shapes(n, h, w)` → dict from layer name (input, conv1, pool1, conv2, pool2, "
        "flatten, fc1, fc2, fc3) to a shape tuple",
    ),
    mistakes=pitfalls(
        (
            "pooling that keeps the size",
            "A 2×2 pool with stride 2 halves height and width; it obeys the same formula as a "
            "convolution with a 2×2 window and stride 2.",
        ),
        (
            "a flatten size without the channels",
            "After pool2 there are 16 channels of 5×5, so flatten gives 16 × 5 × 5 = 400, not 25.",
        ),
    ),
    pictures=(
        Picture(
            "plots.lenet_shape_table(shape_quiz)",
            "Your shapes next to the reference, layer by layer. A mismatch is marked in the "
            "last column.",
        ),
    ),
)
