"""Exercise perceptron, perceptron learning rule: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="perceptron",
    title="Perceptron learning rule",
    module="week17.perceptron",
    alias="perceptron",
    timebox="30–50 min",
    goal=(
        "Before any network, one neuron: a weighted sum, a step, and Rosenblatt's rule for "
        "learning the weights from mistakes. It learns AND, OR and NAND in a few epochs, and "
        "it fails on XOR forever. That failure is the reason hidden layers exist."
    ),
    basic=(
        "Write `step(z)` (1.0 where z >= 0, else 0.0) and `predict(X, w, b)`, the class of "
        "every row of a batch."
    ),
    intermediate=(
        "Write `train_perceptron(X, y, lr, epochs)`: start from w = 0 and b = 0, visit the "
        "examples in order, update only after a wrong prediction, and count each epoch's "
        "mistakes."
    ),
    advanced=(
        "Train on every gate of `truth_table(gate)`: at which epoch does each one stop making "
        "mistakes, and what happens with XOR? Then train AND with lr = 0.1 and lr = 10 and "
        "compare the weights and the predictions. Why do the predictions not change?"
    ),
    shapes=(
        "`X`: (n, d), one example per row; `y`: (n,), each 0 or 1",
        "`w`: (d,); `b`: a float",
        "`step(z)` → the shape of `z`; `predict(X, w, b)` → (n,), each 0.0 or 1.0",
        "`train_perceptron` → `w` (d,), `b` (float), `mistakes`: a list of `epochs` ints",
        "`truth_table(gate)` (given) → `X` (4, 2), `y` (4,)",
    ),
    mistakes=pitfalls(
        (
            "updating on examples that are already right",
            "The rule moves the line only when an example is on the wrong side. With "
            "`error = y - step(z)` a correct example gives an error of 0 and changes nothing "
            "by itself. If you write the labels as -1 and +1 instead, the `if` that skips "
            "correct examples is yours to write.",
        ),
        (
            "a missing bias, or one that never changes",
            "Without `b` the line has to pass through the origin, and the point (0, 0) always "
            "has z = 0. AND puts (0, 0) in class 0, so it can then never be learned.",
        ),
        (
            "the sign of the update",
            "If an example should be 1 but was predicted 0, the error is +1, and adding "
            "`lr * x` to `w` raises that example's z for next time. Subtracting it, the habit "
            "from gradient descent, moves the line away from the example.",
        ),
        (
            "where z = 0 goes",
            "Training starts at w = 0 and b = 0, so the first prediction has z = 0 exactly, and "
            "so do many later ones on 0/1 inputs. The step here sends z = 0 to class 1; "
            "`z > 0` takes a different path through training.",
        ),
        (
            "a mistake counter that is never reset",
            "Set the count to 0 at the start of each epoch. A running total never reaches 0 "
            "again, even once the line separates the data.",
        ),
    ),
    pictures=(
        Picture(
            "plots.perceptron_gates(perceptron)",
            "Top: each gate's four points, and the line your perceptron ends with after 10 "
            "epochs, with the side it predicts as 1 in blue (a point exactly on the line "
            "counts as 1). Bottom: the mistakes in each epoch. AND, OR and NAND stop making "
            "mistakes after a few epochs and stay there. XOR never does: the line keeps "
            "moving, but no place it could move to gets all four points right.",
        ),
    ),
)
