"""Exercise 7.6, sGD and Adam on a quadratic: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="7.6",
    title="SGD and Adam on a quadratic",
    module="week18.ex7_6_optimizers",
    alias="ex7_6",
    timebox="25–45 min",
    goal=(
        "Watch two optimizers on the smallest possible problem, f(w) = (w − 3)², before "
        "trusting them inside a network."
    ),
    basic="Write `sgd(w0, lr, steps)`: plain gradient descent, returning the final w.",
    intermediate=(
        "Write `adam(w0, lr, steps, beta1, beta2, eps)` with both moment estimates and their "
        "bias correction."
    ),
    advanced="Confirm that both end up close to w = 3, and compare how they get there.",
    shapes=("`w0`, `lr`, the betas, `eps`: floats; `steps`: int; both return the final w (float)",),
    mistakes=pitfalls(
        (
            "no bias correction",
            "m and v start at 0, so for the first steps they are far too small. Dividing by "
            "`1 - beta1**t` and `1 - beta2**t` fixes that; without it the first steps crawl.",
        ),
        (
            "a step counter that starts at 0",
            "With t = 0 the correction `1 - beta1**0` is 0 and you divide by zero. Count steps "
            "from 1.",
        ),
        (
            "tuning Adam's lr like SGD's",
            "SGD's step is proportional to the gradient; Adam's is about `lr` long whatever the "
            "gradient. The same number means something different for each.",
        ),
        (
            "skipping the toy problem",
            "A bug in an optimizer looks exactly like bad hyperparameters inside a real "
            "network. A one-dimensional problem with a known answer separates the two.",
        ),
    ),
    pictures=(
        Picture(
            "plots.optimizers_1d(ex7_6, neural_network)",
            "w over the steps for SGD, Momentum and Adam, starting from w = 10. SGD closes a "
            "fixed fraction of the gap each step; Adam walks at a roughly constant speed, "
            "overshoots, and settles. (Momentum comes from `neural_network.py`, later this "
            "week; until you write it, the picture uses the reference.)",
        ),
    ),
    note=(
        "**A correction to the module text.** Its check asks Adam with lr = 0.2 to get from "
        "w0 = 10 to within 0.01 of 3 in 50 steps. That cannot happen: each Adam step is "
        "about 0.2 long, so covering a distance of 7 takes 35 steps, and the momentum then "
        "carries w past the minimum. After 50 steps it is still on that first overshoot, near "
        "2.966. The workbook keeps the learning rate and gives Adam 200 steps instead, which "
        "lands within about 2e-5 of 3. The details are in `tests/SEED_ASSERTS.md`."
    ),
)
