"""The mlp suite's training: probing train and train_xor, judged by the parameters they
leave in the model, recomputed here.

- train is run with the student's SGD (checked first, so a broken SGD is named as the
  cause), and judged by the parameters it leaves in the model, recomputed here.
- train: a model that differs from the reference is explained by an update count off by
  one, one update per example, or an ignored optimizer (train given SGD(0.0) still changes
  the model).
- XOR: the reference reaches a BCE below 2e-4 on seeds 0..199 with 6, 8 or 10 hidden
  units (2000 epochs, the defaults), and below 6e-4 on 400 seeds with 6, 8 or 12 hidden
  units and 1000 epochs (the hidden check), against a threshold of 0.05.
- XOR training stops when the property holds: xor_seeds first asks train_xor for 240
  epochs, and for the full 1000 only if that fails; the full run alone decides the verdict
  and its feedback. The reference is below 0.05 within 75 epochs on seeds 1..199 with 6, 8
  and 12 hidden units. train_xor() without arguments keeps the student's defaults.
- Once XOR is solved, one more epoch shows whether train_xor uses each argument (and the
  documented defaults): the hidden width of its model, its one loss (the initialization's,
  exact) and how far Adam's one step moved the parameters. Adam's first step moves each entry
  by lr |g| / (|g| + eps): the median over the entries is within 0.05% of lr on seeds 0..1999
  with 6, 8 and 12 hidden units, for the folded form too (the check allows 5%), while the
  losses after one and two steps differ by up to 1.5% between the two forms on seeds 1..399
  (XOR's gradients can be tiny, so where eps sits matters): too much to compare losses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.expect import array, fail, number_list, sequence
from grader.checks.mlp.network import (
    Params,
    flat,
    forward_with,
    param_names,
    reference_forward,
    reference_model,
    student_model,
)
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

XOR_THRESHOLD = 0.05
# The epochs train_xor is given first; the check's full budget follows only if they fail.
XOR_SHORT_EPOCHS = 240
XOR_FULL_EPOCHS = 1000
TRAIN_STEP_HINT = N_(
    "Each epoch: P = model.forward(X), record the loss, grads = model.backward(Y), "
    "optimizer.step(model.params, grads)"
)
# How train_xor must use each argument when it is passed in; the defaults when left out.
XOR_PASSED = {
    "seed": N_("pass the seed on: MLP([2, hidden, 1], 'tanh', seed=seed)"),
    "hidden": N_("build MLP([2, hidden, 1], ...) with the hidden size passed in"),
    "epochs": N_("train for the epochs passed in, one loss per epoch"),
    "lr": N_("train with Adam(lr=lr), the learning rate passed in"),
}
XOR_DEFAULTS: dict[str, Any] = {"seed": 0, "hidden": 8, "epochs": 2000, "lr": 0.05}
# One epoch with another learning rate shows whether each argument is used.
XOR_PROBE_LR = 0.2


def passed_reasons() -> dict[str, str]:
    """How train_xor must use each argument passed in, in the chosen language."""
    return {name: _(reason) for name, reason in XOR_PASSED.items()}


def default_reasons() -> dict[str, str]:
    """train_xor's documented default of each argument, in the chosen language."""
    default = _("the default is {name}={value}")
    return {name: default.format(name=name, value=value) for name, value in XOR_DEFAULTS.items()}


# ---- train -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainSetup:
    """One run of train: the network, its starting parameters, the data X (n, d_in) and
    Y (n, 1), and SGD's learning rate and the epochs."""

    sizes: list[int]
    activation: str
    params: Params
    X: np.ndarray
    Y: np.ndarray
    lr: float
    epochs: int


def fetch_params(
    sub: Student, model: Remote, shapes: Sequence[tuple[int, ...]], what: str
) -> Params:
    """model.params from the child, checked to be arrays of `shapes`."""
    items = sequence(sub.getattr(model, "params"), what, len(shapes))
    names = param_names(len(shapes))
    return [array(item, f"{what}: {names[i]}", shapes[i]) for i, item in enumerate(items)]


def same_arrays(got: Any, want: Params, rtol: float = 1e-6) -> bool:
    """Plain-data comparison that never raises (for probes of what train relies on)."""
    if not isinstance(got, list | tuple) or len(got) != len(want):
        return False
    return all(
        isinstance(g, np.ndarray)
        and g.shape == w.shape
        and g.dtype.kind in "biuf"
        and bool(np.allclose(g, w, rtol=rtol, atol=1e-10))
        for g, w in zip(got, want, strict=True)
    )


def probe_train_parts(
    sub: Student, ref: ModuleType, rng: np.random.Generator, setup: TrainSetup
) -> None:
    """train is run with the student's SGD and backward: name them when they are the cause."""
    sizes, activation, params, lr = setup.sizes, setup.activation, setup.params, setup.lr
    grads = [rng.standard_normal(p.shape) for p in params]
    sgd = sub.call("SGD", lr)
    if not isinstance(sgd, Remote):
        fail(_("SGD(lr) did not return an optimizer object"))
    _result, args = sub.call_with_args("step", [p.copy() for p in params], grads, obj=sgd)
    moved = args[0] if isinstance(args, list | tuple) and args else None
    if not same_arrays(moved, [p - lr * g for p, g in zip(params, grads, strict=True)]):
        fail(_("train is checked with your SGD, and SGD.step is wrong: fix SGD.step first"))
    probe = student_model(sub, sizes, activation, params)
    reference = reference_model(ref, sizes, activation, params)
    if not same_arrays([sub.method(probe, "forward", setup.X)], [reference.forward(setup.X)]):
        fail(_("train is checked with your MLP.forward, which is wrong: fix forward first"))
    if not same_arrays(sub.method(probe, "backward", setup.Y), reference.backward(setup.Y)):
        fail(_("train is checked with your MLP.backward, which is wrong: fix backward first"))


def reference_run(
    ref: ModuleType,
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lr: float,
    updates: int,
    *,
    per_example: bool = False,
) -> tuple[Any, list[float], list[float]]:
    """The reference's SGD training: the model, its loss history, and the history that
    bce of a flattened Y (shape (n,) against P (n, 1)) would record.

    per_example: one update per row of X (stochastic) instead of one per epoch.
    """
    model = reference_model(ref, sizes, activation, params)
    optimizer = ref.SGD(lr)
    history: list[float] = []
    flat_history: list[float] = []
    for _epoch in range(updates):
        P = model.forward(X)
        history.append(ref.bce(Y, P))
        flat_history.append(ref.bce(Y.ravel(), P))
        rows = [slice(i, i + 1) for i in range(len(X))] if per_example else [slice(None)]
        for row in rows:
            model.forward(X[row])
            optimizer.step(model.params, model.backward(Y[row]))
    return model, history, flat_history


def ignores_optimizer(
    sub: Student,
    sizes: Sequence[int],
    activation: str,
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
) -> bool:
    """Does train change the model even when given SGD(0.0), which changes nothing?"""
    model = student_model(sub, sizes, activation, params)
    sub.call("train", model, X, Y, sub.call("SGD", 0.0), 2)
    after = fetch_params(sub, model, [p.shape for p in params], _("model.params after train"))
    return not all(np.array_equal(a, p) for a, p in zip(after, params, strict=True))


def judge_train(
    sub: Student,
    ref: ModuleType,
    setup: TrainSetup,
    history: Any,
    after: Params,
) -> None:
    """train ran `setup.epochs` epochs of SGD(setup.lr), returned `history` and left `after`
    in the model: both must be the reference's, recomputed here."""
    sizes, activation, params, X, Y = setup.sizes, setup.activation, setup.params, setup.X, setup.Y
    reference, want_history, flat_history = reference_run(
        ref, sizes, activation, params, X, Y, setup.lr, setup.epochs
    )
    start = ref.bce(Y, reference_forward(ref, params, X, activation))
    final = ref.bce(Y, reference_forward(ref, after, X, activation))
    if all(np.array_equal(a, p) for a, p in zip(after, params, strict=True)):
        fail(
            _(
                "train left model.params unchanged: call optimizer.step(model.params, grads) "
                "each epoch, with the gradients from model.backward(Y)"
            )
        )
    if not same_arrays(after, reference.params):
        explain_wrong_model(sub, ref, setup, after)
        fail(
            _(
                "train's model differs from the reference after {epochs} epochs of SGD (loss "
                "{final:.4g}, recomputed from model.params; expected {want:.4g}). {hint}"
            ).format(
                epochs=setup.epochs,
                final=final,
                want=ref.bce(Y, reference.forward(X)),
                hint=_(TRAIN_STEP_HINT),
            )
        )
    losses = number_list(history, f"train(..., epochs={setup.epochs})", length=setup.epochs)
    if not final < 0.95 * start:
        fail(
            _("train did not decrease the loss ({start:.4g} -> {final:.4g})").format(
                start=start, final=final
            )
        )
    check_history(losses, want_history, flat_history, len(X))


def explain_wrong_model(sub: Student, ref: ModuleType, setup: TrainSetup, after: Params) -> None:
    """train left `after` in the model, not the reference's parameters: fail naming the
    known cause, if one explains it."""

    def run(updates: int, per_example: bool = False) -> Any:
        model, _history, _flat = reference_run(
            ref, setup.sizes, setup.activation, setup.params, setup.X, setup.Y, setup.lr,
            updates, per_example=per_example,
        )  # fmt: skip
        return model

    epochs = setup.epochs
    for updates in (epochs - 1, epochs + 1):
        if same_arrays(after, run(updates).params):
            fail(
                _(
                    "train made {updates} updates for epochs={epochs}; make one per epoch "
                    "(for _ in range(epochs))"
                ).format(updates=updates, epochs=epochs)
            )
    if same_arrays(after, run(epochs, per_example=True).params):
        fail(
            _(
                "train updates once per example ({n} updates per epoch); this loop is "
                "full-batch: one forward on all of X and one update per epoch. {hint}"
            ).format(n=len(setup.X), hint=_(TRAIN_STEP_HINT))
        )
    if ignores_optimizer(sub, setup.sizes, setup.activation, setup.params, setup.X, setup.Y):
        fail(
            _(
                "train ignores the optimizer it is given: with SGD(0.0) it still changed "
                "model.params; update only through optimizer.step(model.params, grads)"
            )
        )


def check_history(
    losses: np.ndarray, want_history: list[float], flat_history: list[float], n: int
) -> None:
    """train's losses (epochs,) must be the ones its own training recorded, before each
    update."""
    want = np.array(want_history)
    if np.allclose(losses, want, rtol=1e-6, atol=1e-9):
        return
    if np.allclose(losses[:-1], want[1:], rtol=1e-6, atol=1e-9):
        fail(_("train records the loss after each update; record it before (the epoch's forward)"))
    if np.allclose(losses, flat_history, rtol=1e-6, atol=1e-9):
        fail(
            _(
                "train's losses are bce of Y flattened to shape ({n},) against P of shape "
                "({n}, 1), which broadcasts to ({n}, {n}): keep Y's shape (n, dL)"
            ).format(n=n)
        )
    fail(
        _(
            "train's loss history does not match its own training: record bce(Y, P) from each "
            "epoch's forward pass, before the update"
        )
    )


# ---- XOR -------------------------------------------------------------------------------


def chained(params: Params) -> bool:
    """Are these [W1, b1, ..., WL, bL] of a 2-input, 1-output MLP?"""
    if len(params) < 4 or len(params) % 2 or params[0].ndim != 2 or params[0].shape[0] != 2:
        return False
    width = 2
    for W, b in zip(params[::2], params[1::2], strict=True):
        if W.ndim != 2 or W.shape[0] != width or b.shape != (W.shape[1],):
            return False
        width = W.shape[1]
    return width == 1


def optional_attr(sub: Student, obj: Remote, name: str) -> Any:
    """obj.name, or None when the object has no such attribute."""
    try:
        return sub.getattr(obj, name)
    except StudentFailure as failure:
        if failure.fatal:
            raise
        return None


def xor_predictions(sub: Student, ref: ModuleType, model: Remote, what: str) -> np.ndarray:
    """P (4, 1) on the XOR inputs: the reference forward on the model's params when possible."""
    X, _Y = ref.xor_data()
    got, activation = optional_attr(sub, model, "params"), optional_attr(sub, model, "activation")
    if isinstance(got, list | tuple) and all(isinstance(p, np.ndarray) for p in got):
        params = [array(p, f"{what}: model.params[{i}]") for i, p in enumerate(got)]
        if chained(params) and isinstance(activation, str) and activation in ref.ACTIVATIONS:
            return np.asarray(reference_forward(ref, params, X, activation))
    P = sub.method(model, "forward", X)
    return array(P, _("{what}: model.forward(XOR inputs)").format(what=what), (4, 1))


def xor_result(result: Any, what: str, epochs: int, why: dict[str, str]) -> tuple[Remote, Any]:
    """train_xor's (model, history), with a history of one loss per epoch."""
    model, history = sequence(result, what, 2)
    if isinstance(history, Remote) and not isinstance(model, Remote):
        fail(
            _("{what} returned the history first; return (model, history), in that order").format(
                what=what
            )
        )
    if not isinstance(model, Remote):
        fail(
            _("{what} returned {type} as the model; expected the MLP object").format(
                what=what, type=type(model).__name__
            )
        )
    losses = number_list(history, _("{what}: the history").format(what=what))
    if len(losses) != epochs:
        fail(
            _("{what} returned a history of {count} losses; expected {epochs}: {why}").format(
                what=what, count=len(losses), epochs=epochs, why=why["epochs"]
            )
        )
    return model, losses


def xor_verdict(sub: Student, ref: ModuleType, model: Remote, losses: Any, what: str) -> None:
    """Judge train_xor's (model, history) by the model's own parameters, recomputed here."""
    P = xor_predictions(sub, ref, model, what)
    if not np.all(np.isfinite(P)):
        fail(_("{what}: the trained model predicts nan or inf on XOR").format(what=what))
    _X, Y = ref.xor_data()
    loss = ref.bce(Y, P)
    right = int(np.sum((P > 0.5) == (Y > 0.5)))
    if right == 4 and loss < XOR_THRESHOLD:
        return
    fields = {"what": what, "loss": loss, "need": XOR_THRESHOLD, "right": right}
    if len(losses) and losses[-1] < XOR_THRESHOLD:
        fail(
            _(
                "your network doesn't solve XOR: {what} gives a loss of {loss:.3g}, recomputed "
                "from the model's parameters with the workbook's forward pass (need < {need}), "
                "with {right} of 4 points right, although its history ends at {last:.3g}: "
                "return the model you trained, and make sure forward passes its checks (the "
                "history came from it)"
            ).format(**fields, last=losses[-1])
        )
    if abs(loss - 0.693) < 0.02:
        fail(
            _(
                "your network doesn't solve XOR: {what} gives a loss of {loss:.3g}, recomputed "
                "from the model's parameters with the workbook's forward pass (need < {need}), "
                "with {right} of 4 points right. The loss is stuck near log(2) ~ 0.69, chance "
                "level. A linear model cannot solve XOR: check that the hidden layer applies "
                "tanh, that the hidden size, learning rate and epochs passed in are used, that "
                "Adam is the optimizer, and that backward and Adam pass their checks"
            ).format(**fields)
        )
    fail(
        _(
            "your network doesn't solve XOR: {what} gives a loss of {loss:.3g}, recomputed from "
            "the model's parameters with the workbook's forward pass (need < {need}), with "
            "{right} of 4 points right. A linear model cannot solve XOR: check that the hidden "
            "layer applies tanh, that the hidden size, learning rate and epochs passed in are "
            "used, that Adam is the optimizer, and that backward and Adam pass their checks"
        ).format(**fields)
    )


def xor_arguments(
    sub: Student,
    ref: ModuleType,
    result: Any,
    what: str,
    used: dict[str, Any],
    why: dict[str, str],
) -> None:
    """Did train_xor, run for one epoch, use `used` (seed, hidden, lr)? Its model's hidden
    width, its one loss (the initialization's) and how far Adam's one step moved the
    parameters (about lr each, whatever the gradient's size) say."""
    seed, hidden, lr = used["seed"], used["hidden"], used["lr"]
    model, losses = xor_result(result, what, 1, why)
    got = optional_attr(sub, model, "params")
    params = [np.asarray(p) for p in got] if isinstance(got, list | tuple) else []
    if params and params[0].ndim == 2 and params[0].shape[-1] != hidden:
        fail(
            _("{what} built {built} hidden units; expected {hidden}: {why}").format(
                what=what, built=params[0].shape[-1], hidden=hidden, why=why["hidden"]
            )
        )
    X, Y = ref.xor_data()
    start = ref.MLP([2, hidden, 1], activation="tanh", seed=seed)
    initial = ref.bce(Y, start.forward(X))
    if not np.isclose(losses[0], initial, rtol=1e-6, atol=1e-9):
        if chained(params):
            after = ref.bce(Y, forward_with(params, X, ref.tanh, ref.sigmoid))
            if np.isclose(losses[0], after, rtol=1e-6, atol=1e-9):
                fail(
                    _(
                        "{what}'s one loss is that of the model after its update: record each "
                        "epoch's loss before the update"
                    ).format(what=what)
                )
        fail(
            _(
                "{what} starts from a loss of {loss:.6g}, but MLP([2, {hidden}, 1], 'tanh', "
                "seed={seed}) starts from {initial:.6g}: {why}"
            ).format(
                what=what,
                loss=losses[0],
                hidden=hidden,
                seed=seed,
                initial=initial,
                why=why["seed"],
            )
        )
    if not chained(params) or [p.shape for p in params] != [p.shape for p in start.params]:
        return
    moved = float(np.median(np.abs(flat(params) - flat(start.params))))
    # A trainer that waits before its first update (a warm-up) shows no step to measure.
    if moved != 0.0 and not np.isclose(moved, lr, rtol=0.05):
        fail(
            _(
                "{what}: its one Adam step moved the parameters by {moved:.3g} (median), but "
                "Adam(lr={lr:g})'s first step moves each by about {lr:g}: {why}"
            ).format(what=what, moved=moved, lr=lr, why=why["lr"])
        )


def xor_with_epochs(sub: Student, ref: ModuleType, seed: int, hidden: int, epochs: int) -> None:
    """train_xor(seed, hidden, epochs, 0.05) must solve XOR."""
    what = f"train_xor(seed={seed}, hidden={hidden}, epochs={epochs}, lr=0.05)"
    result = sub.call("train_xor", seed, hidden, epochs, 0.05)
    model, losses = xor_result(result, what, epochs, passed_reasons())
    xor_verdict(sub, ref, model, losses, what)
