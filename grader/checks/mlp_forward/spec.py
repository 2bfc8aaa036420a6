"""Exercise mlp-forward, mLP forward pass: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Spec, pitfalls

SPEC = Spec(
    id="mlp-forward",
    title="MLP forward pass",
    module="week17.mlp_forward",
    alias="mlp_forward",
    timebox="45–75 min",
    goal=(
        "Stack what you have built into a network of any depth: initialise its weights "
        "sensibly and push a batch through every layer."
    ),
    basic=("Write `tanh` and `tanh_deriv`, and a stable `softmax` (the same idea as in 7.3)."),
    intermediate=(
        "Write `softmax_jacobian(z)`, the matrix of every output's derivative with respect to "
        "every input, for a batch; and `init_params(layer_sizes, rng, scheme)` with He and "
        "Xavier scaling."
    ),
    advanced=(
        "Write `mlp_forward(X, params, hidden_activation, output_activation)`: hidden "
        "activation after every layer but the last, the output activation after the last."
    ),
    shapes=(
        "`layer_sizes`: [d0, d1, …, dL]",
        "`params`: [(W1, b1), …, (WL, bL)] with `W_l`: (d_{l-1}, d_l) and `b_l`: (d_l,)",
        "`X`: (n, d0) → `mlp_forward` returns (n, dL)",
        "`softmax_jacobian(z)`: (n, k) → (n, k, k), or (k,) → (k, k)",
    ),
    mistakes=pitfalls(
        (
            "the hidden activation on the last layer too",
            "A ReLU right before a softmax throws away every negative score. The last layer "
            "gets only the output activation.",
        ),
        (
            "softmax over the wrong axis",
            "With a batch of shape (n, k) the probabilities must sum to 1 over the k classes "
            "(the last axis), not over the n examples.",
        ),
        (
            "only the diagonal of the Jacobian",
            "`p * (1 - p)` is the sigmoid's derivative. Every softmax output depends on every "
            "logit, so the off-diagonal entries `-p_a p_b` are there too.",
        ),
        (
            "one small standard deviation for every layer",
            "A fixed 0.01 makes activations shrink layer after layer. Scale by the fan-in "
            "(He: sqrt(2 / fan_in)) or by fan-in and fan-out (Xavier).",
        ),
    ),
)
