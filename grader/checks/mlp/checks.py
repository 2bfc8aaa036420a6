"""Hidden checks for exercise mlp: MLP forward/backward, SGD/Momentum/Adam, train, XOR.

The checks are declared here; what they compare with lives beside them, each module with
its notes: network.py (building the student's and the reference's MLP, forward and backward
diagnoses), optimizers.py (stepping the optimizers, their right and wrong trajectories) and
training.py (train and train_xor, judged by the parameters they leave in the model).
"""

from __future__ import annotations

from functools import partial
from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis.training import short_then_full
from grader.checks.mlp.backward import check_backward, tame_output
from grader.checks.mlp.network import (
    check_forward,
    check_list_input,
    distinct_sizes,
    draw_params,
    student_model,
)
from grader.checks.mlp.optimizers import (
    ADAM_T_ZERO,
    adam_eps_mistakes,
    adam_mistakes,
    adam_run,
    check_grads_untouched,
    compare_trajectory,
    exact,
    momentum_mistakes,
    momentum_step,
    optimizer_problem,
    same_trajectory,
    sgd,
    sgd_mistakes,
    student_steps,
)
from grader.checks.mlp.training import (
    XOR_DEFAULTS,
    XOR_FULL_EPOCHS,
    XOR_PROBE_LR,
    XOR_SHORT_EPOCHS,
    TrainSetup,
    default_reasons,
    fetch_params,
    judge_train,
    passed_reasons,
    probe_train_parts,
    xor_arguments,
    xor_result,
    xor_verdict,
    xor_with_epochs,
)
from grader.i18n import N_, _

suite = Suite("mlp")


# ---- forward ---------------------------------------------------------------------------


@suite.check(
    points=1, title=N_("forward on XOR gives P of shape (4, 1), as the reference"), public=True
)
def forward_xor(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    sizes = [2, 4, 1]
    params = draw_params(rng, sizes, scale=2.0)
    X, _Y = ref.xor_data()
    model = student_model(sub, sizes, "tanh", params)
    check_forward(sub, ref, model, sizes, "tanh", params, X)
    check_list_input(sub, ref, model, sizes, params, X)


@suite.check(points=1, title=N_("forward of deeper, non-square networks with relu/tanh/sigmoid"))
def forward_values(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for depth, activation in zip((1, 2, 3), rng.permutation(list(ref.ACTIVATIONS)), strict=True):
        d_out = int(rng.integers(2, 4)) if depth > 1 else 1
        sizes = distinct_sizes(rng, depth + 1, d_out)
        params = draw_params(rng, sizes, scale=2.0)
        X = rng.standard_normal((int(rng.integers(5, 10)), sizes[0]))
        model = student_model(sub, sizes, str(activation), params)
        check_forward(sub, ref, model, sizes, str(activation), params, X)


# ---- backward --------------------------------------------------------------------------


@suite.check(
    points=2,
    title=N_("backward matches the reference and finite differences (depth 1-3)"),
    public=True,
)
def backward_gradients(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for depth, activation in zip((1, 2, 3), rng.permutation(list(ref.ACTIVATIONS)), strict=True):
        activation = str(activation)
        d_out = 1 if depth == 1 else int(rng.integers(2, 4))
        sizes = distinct_sizes(rng, depth + 1, d_out)
        n = int(rng.choice([k for k in range(5, 11) if k not in sizes]))
        params = draw_params(rng, sizes, scale=1.5)
        X = rng.standard_normal((n, sizes[0]))
        Y = (rng.random((n, d_out)) < 0.5).astype(np.float64)
        tame_output(ref, params, sizes, activation, X)
        check_backward(sub, ref, sizes, activation, params, X, Y)


# ---- optimizers ------------------------------------------------------------------------


@suite.check(points=1, title=N_("SGD and Momentum steps, in place, over several calls"))
def sgd_momentum(sub: Student, rng: np.random.Generator) -> None:
    params, grad_seq = optimizer_problem(rng, 4)
    lr = float(rng.uniform(0.05, 0.3))
    name = f"SGD({lr:.3g})"
    got = student_steps(sub, sub.call("SGD", lr), name, params, grad_seq)
    want = sgd(params, grad_seq, lr)
    compare_trajectory(got, want, "SGD", sgd_mistakes(params, grad_seq, lr))
    check_grads_untouched(sub, sub.call("SGD", lr), name, params, grad_seq[0])

    beta = float(rng.uniform(0.5, 0.8))
    name = f"Momentum({lr:.3g}, beta={beta:.3g})"
    got = student_steps(sub, sub.call("Momentum", lr, beta=beta), name, params, grad_seq)
    want = exact(momentum_step(lr, beta), params, grad_seq)
    compare_trajectory(got, want, "Momentum", momentum_mistakes(params, grad_seq, lr, beta))
    check_grads_untouched(sub, sub.call("Momentum", lr, beta=beta), name, params, grad_seq[0])


@suite.check(points=1, title=N_("Adam steps (bias correction, step counter), in place"))
def adam_steps(sub: Student, rng: np.random.Generator) -> None:
    params, grad_seq = optimizer_problem(rng, 5)
    lr = float(rng.uniform(0.01, 0.1))
    beta1, beta2 = float(rng.uniform(0.7, 0.85)), float(rng.uniform(0.95, 0.99))
    eps = 1e-8
    name = f"Adam(lr={lr:.3g}, beta1={beta1:.3g}, beta2={beta2:.3g})"
    optimizer = sub.call("Adam", lr, beta1, beta2, eps)
    t_zero = _(ADAM_T_ZERO)
    got = student_steps(sub, optimizer, name, params, grad_seq, zero_division_hint=t_zero)
    run = adam_run(params, grad_seq, lr, beta1, beta2, eps)
    compare_trajectory(got, run(), "Adam", adam_mistakes(run, lr), nan_hint=t_zero)
    check_grads_untouched(sub, sub.call("Adam", lr, beta1, beta2, eps), name, params, grad_seq[0])


@suite.check(points=1, title=N_("Adam uses its eps, outside the square root (small gradients)"))
def adam_eps(sub: Student, rng: np.random.Generator) -> None:
    # Gradients of about 0.01 against eps = 0.05: where eps sits (or whether it is used at
    # all) changes every step by a large factor. The folded form is a correct rewrite.
    params, grad_seq = optimizer_problem(rng, 3)
    grad_seq = [[0.01 * g for g in grads] for grads in grad_seq]
    lr, beta1, beta2 = float(rng.uniform(0.01, 0.1)), 0.9, 0.999
    eps = float(rng.uniform(0.02, 0.08))
    name = f"Adam(lr={lr:.3g}, eps={eps:.3g})"
    optimizer = sub.call("Adam", lr, beta1, beta2, eps)
    t_zero = _(ADAM_T_ZERO)
    got = student_steps(sub, optimizer, name, params, grad_seq, zero_division_hint=t_zero)
    run = adam_run(params, grad_seq, lr, beta1, beta2, eps)
    if same_trajectory(got, run(eps_mode="folded"), 1e-6):
        return
    compare_trajectory(got, run(), name, adam_eps_mistakes(run), nan_hint=t_zero)


# ---- train -----------------------------------------------------------------------------


@suite.check(points=1, title=N_("train: full-batch loop; params recomputed, loss history checked"))
def train_loop(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    activation = str(rng.choice(list(ref.ACTIVATIONS)))
    sizes = [int(rng.integers(2, 5)), int(rng.integers(5, 9)), 1]
    n, epochs, lr = int(rng.integers(10, 17)), int(rng.integers(30, 51)), 0.5
    X = rng.standard_normal((n, sizes[0]))
    Y = (X @ rng.standard_normal((sizes[0], 1)) > 0).astype(np.float64)
    params = draw_params(rng, sizes)
    setup = TrainSetup(sizes, activation, params, X, Y, lr, epochs)
    probe_train_parts(sub, ref, rng, setup)

    model = student_model(sub, sizes, activation, params)
    history = sub.call("train", model, X, Y, sub.call("SGD", lr), epochs)
    shapes = [p.shape for p in params]
    after = fetch_params(sub, model, shapes, _("model.params after train"))
    judge_train(sub, ref, setup, history, after)


# ---- XOR -------------------------------------------------------------------------------


@suite.check(points=1, title=N_("train_xor() solves XOR (all 4 points, loss < 0.05)"), public=True)
def xor_default(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    what = "train_xor()"
    epochs = XOR_DEFAULTS["epochs"]
    model, losses = xor_result(sub.call("train_xor"), what, epochs, default_reasons())
    xor_verdict(sub, ref, model, losses, what)
    # Solved; one epoch with the other defaults: are they the documented ones?
    why = {**default_reasons(), "epochs": passed_reasons()["epochs"]}
    result = sub.call("train_xor", epochs=1)
    xor_arguments(sub, ref, result, "train_xor(epochs=1)", XOR_DEFAULTS, why)


@suite.check(points=1, title=N_("train_xor solves XOR for other seeds and hidden sizes"))
def xor_seeds(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for seed, hidden in zip(rng.integers(1, 10_000, 2), rng.choice([6, 8, 12], 2), strict=True):
        attempt = partial(xor_with_epochs, sub, ref, int(seed), int(hidden))
        short_then_full(attempt, XOR_FULL_EPOCHS, short=XOR_SHORT_EPOCHS)
        # Solved; now one epoch with another learning rate: is every argument used?
        used = {"seed": int(seed), "hidden": int(hidden), "lr": XOR_PROBE_LR}
        what = f"train_xor(seed={seed}, hidden={hidden}, epochs=1, lr={XOR_PROBE_LR})"
        result = sub.call("train_xor", int(seed), int(hidden), 1, XOR_PROBE_LR)
        xor_arguments(sub, ref, result, what, used, passed_reasons())
