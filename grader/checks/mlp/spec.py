"""Exercise mlp, mLP, optimizers and XOR: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="mlp",
    title="MLP, optimizers and XOR",
    module="week18.neural_network",
    alias="neural_network",
    timebox="60–90 min",
    goal=(
        "The week's main deliverable: a network of any depth with its own backward pass, "
        "three optimizers that update it, and proof that it solves XOR."
    ),
    basic=(
        "Write `MLP.forward` (caching every pre-activation and activation) and `MLP.backward` "
        "(gradients in the same order as `params`)."
    ),
    intermediate=(
        "Write `SGD.step`, `Momentum.step` and `Adam.step`. Each updates the list of parameter "
        "arrays in place."
    ),
    advanced=(
        "Write `train(model, X, Y, optimizer, epochs)` and `train_xor(...)`, and get the XOR "
        "loss close to zero."
    ),
    shapes=(
        "`params`: [W1, b1, …, WL, bL], `W_l`: (d_{l-1}, d_l), `b_l`: (d_l,)",
        "`forward(X (n, d0))` → `P`: (n, dL)",
        "`backward(Y (n, dL))` → list of arrays shaped like `params`",
        "`step(params, grads)`: two lists in the same order; returns nothing",
    ),
    mistakes=pitfalls(
        (
            "an update that rebinds instead of writing",
            "`p = p - lr * g` inside the loop makes a new array and forgets it; the model's "
            "weights stay put. Write into the existing array: `p -= lr * g`.",
        ),
        (
            "a velocity that doesn't persist",
            "Momentum needs one velocity per parameter, kept between calls. Recreating it on "
            "every step turns Momentum back into SGD.",
        ),
        (
            "the wrong normaliser in backward",
            "The loss averages over every entry of Y. With more than one output that is "
            "n × d_L entries, not n.",
        ),
        (
            "the derivative at the wrong point",
            "`act'(Z)` takes the pre-activation. Feeding it the activation applies the "
            "function twice for tanh and sigmoid.",
        ),
    ),
    pictures=(
        Picture(
            "plots.optimizers_2d(neural_network)",
            "Your three optimizer classes on a long, narrow bowl (one direction 25 times "
            "steeper than the other). SGD zigzags across the steep direction and creeps along "
            "the flat one; Momentum builds up speed along the valley; Adam rescales each "
            "direction on its own.",
        ),
        Picture(
            "plots.xor_boundary(neural_network)",
            "The decision boundary of a small tanh network on XOR, at a few points during "
            "training. No straight line separates the two classes; watch the hidden layer "
            "bend the boundary until it does.",
        ),
    ),
    timeout=30.0,
)
