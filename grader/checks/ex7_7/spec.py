"""Exercise 7.7, gradient clipping: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="7.7",
    title="Gradient clipping",
    module="week18.ex7_7_clipping",
    alias="ex7_7",
    timebox="20–35 min",
    goal=(
        "One huge gradient can undo a lot of training in a single step. Clipping by norm caps "
        "how far a step can go without changing where it points."
    ),
    basic="Write `clip_by_norm(g, max_norm)`: rescale `g` when its length exceeds `max_norm`.",
    intermediate="Check that a clipped gradient's norm is at most `max_norm`.",
    advanced=(
        "Check that a gradient already shorter than `max_norm` comes back unchanged, and that "
        "a clipped one is a positive multiple of the original."
    ),
    shapes=("`g`: any shape (the norm covers all entries) → a new array of the same shape",),
    mistakes=pitfalls(
        (
            "clipping each entry separately",
            "`np.clip(g, -max_norm, max_norm)` changes the direction of the gradient. Rescale "
            "the whole vector by one factor instead.",
        ),
        (
            "dividing by a zero norm",
            "An all-zero gradient has norm 0; it is already short enough, so return it as it is.",
        ),
        (
            "clipping the wrong thing, or in place",
            "Clip the gradients, not the parameters, and return a new array: the caller may "
            "still need the original.",
        ),
    ),
)
