"""Exercise 7.5, logistic regression overfit: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="7.5",
    title="Logistic regression overfit",
    module="week18.ex7_5_overfit_logreg",
    alias="ex7_5",
    timebox="30–60 min",
    goal=(
        "The overfit test in its simplest form: a model that cannot fit a handful of easy "
        "points has a bug, not a capacity problem."
    ),
    basic="Write `make_separable_data(n, seed)`: two blobs of points, labelled 1 and 0.",
    intermediate=(
        "Write `train_logistic_regression(X, y, lr, steps)`: full-batch gradient descent on "
        "the mean binary cross-entropy, recording the loss at every step."
    ),
    advanced=(
        "Check that the loss went down and that training accuracy is above 95%; then try it "
        "with only 8 points."
    ),
    shapes=(
        "`make_separable_data` → `X`: (n, 2), `y`: (n, 1)",
        "`train_logistic_regression` → `w`: (d, 1), `b`: float, `losses`: list of `steps` floats",
    ),
    mistakes=pitfalls(
        (
            "a learning rate so small nothing happens",
            "If the loss barely moves, try a larger learning rate before concluding that the "
            "model cannot learn the data.",
        ),
        (
            "an unprotected sigmoid",
            "Large logits overflow `exp`; use the stable sigmoid the module gives you.",
        ),
        (
            "accuracy from mismatched shapes",
            "Predictions of shape (n, 1) compared with labels of shape (n,) give an (n, n) "
            "table of booleans, and its mean is not an accuracy.",
        ),
    ),
    timeout=30.0,
)
