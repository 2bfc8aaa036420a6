"""Hidden checks for exercise overfit: overfit, gradient_check and run_overfit_test.

Notes:
- overfit is judged by the parameters it returns: their loss is recomputed here with the
  given forward/bce. The history it returns is only checked for length and loose
  consistency (its first entry between the final loss and 1.5 times the initial one, its
  last near the recomputed final loss), so recording the loss before or after each update
  are both accepted.
- The random data sets (8-16 points in 2-4 dimensions, random labels, 1 or 2 outputs,
  points at least 0.3 apart) are memorised by the reference with 16 hidden units and
  3000 epochs to a loss below 2e-4 on every one of 120 draws (threshold 0.01).
- Training stops when the property holds: overfit is first asked for 360 epochs and for
  the full 3000 only if that fails, and the full run alone decides the verdict (and its
  feedback). The reference is below 0.01 after 53 epochs on XOR and within 251 on each of
  200 random draws; a correct trainer that needs more still passes, in epochs, not seconds.
  run_overfit_test takes no epochs, so it runs with the student's defaults.
- gradient_check is given gradients whose entries all exceed 1e-3 in magnitude, so the
  reference's central differences stay below 1e-6 (threshold 1e-5) at eps = 1e-6 and at
  eps = 1e-4. At eps = 1e-4 forward differences give 4e-5 or more on every one of 300
  draws, which is how they are told apart. Corrupted gradients give >= 0.5 with the
  reference (threshold 0.05).

The checks are declared here; what they use lives beside them, each module with its notes:
oracles.py (the data sets and the numbers expected), probes.py (calling overfit and
gradient_check in particular ways) and diagnosis.py (the verdicts, naming known mistakes).
"""

from __future__ import annotations

from functools import partial
from types import ModuleType

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis.training import short_then_full as short_then_full
from grader.checks.expect import array, fail, number, number_list, sequence
from grader.checks.overfit.diagnosis import (
    exact_gradients_fail,
    initialised,
    largest_error,
    overfit_verdict,
)
from grader.checks.overfit.oracles import (
    NAMES,
    TARGET,
    corruptions,
    grad_problem,
    random_data,
    relative_errors,
)
from grader.checks.overfit.probes import call_gradient_check, first_update, history_label
from grader.i18n import N_, _

suite = Suite("overfit")

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])
# The epochs overfit is given first; the check's full budget follows only if they fail.
# (short_then_full lives in diagnosis/training.py; it is imported from here by others.)
SHORT_EPOCHS = 360


# ---- overfit ---------------------------------------------------------------------------


@suite.check(points=1, title=N_("overfit memorises XOR (loss < 0.01, recomputed)"), public=True)
def overfit_xor(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    attempt = partial(overfit_verdict, ref, sub, XOR_X, XOR_Y, 8, lr=0.05, seed=0)
    short_then_full(attempt, 3000, SHORT_EPOCHS)


@suite.check(
    points=1, title=N_("run_overfit_test() returns the final XOR loss < 0.01"), public=True
)
def run_test(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    got = number(sub.call("run_overfit_test"), "run_overfit_test()")
    if not 0.0 <= got < TARGET:
        fail(
            _(
                "run_overfit_test() returned {got:.4g}; it should return the final XOR loss, "
                "recomputed from overfit's parameters with loss(params, X, Y): >= 0 and "
                "< {target}"
            ).format(got=got, target=TARGET)
        )
    # The history's last entry is the loss before the last update (about 0.1% above the
    # final loss on XOR). Only named when it explains the answer and the final loss does not,
    # so a run_overfit_test that trains with other settings is not judged by this.
    params, history = sequence(sub.call("overfit", XOR_X, XOR_Y), "overfit(X, Y)", 2)
    items = sequence(params, "overfit(X, Y): params", 4)
    trained = [array(item, f"overfit(X, Y): {NAMES[i]}") for i, item in enumerate(items)]
    losses = number_list(history, history_label("overfit(X, Y)"))
    if len(losses) != 3000:
        fail(
            _(
                "overfit(X, Y) returned a history of {count} losses: without an epochs "
                "argument it must run the default epochs = 3000"
            ).format(count=len(losses))
        )
    final = ref.loss(trained, XOR_X, XOR_Y)
    if (
        len(losses)
        and np.isclose(got, losses[-1], rtol=1e-6, atol=0.0)
        and not np.isclose(got, final, rtol=1e-5, atol=0.0)
    ):
        fail(
            _(
                "run_overfit_test() returned {got:.6g}, the last entry of overfit's history: "
                "that loss was recorded before the last update. Recompute the final loss from "
                "the returned parameters, loss(params, X, Y) = {final:.6g}"
            ).format(got=got, final=final)
        )


@suite.check(points=2, title=N_("overfit memorises random tiny data sets (1 and 2 outputs)"))
def overfit_random(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    for d_out in (1, 2):
        X, Y = random_data(rng, d_out)
        seed = int(rng.integers(1000))
        attempt = partial(overfit_verdict, ref, sub, X, Y, 16, lr=0.05, seed=seed)
        short_then_full(attempt, 3000, SHORT_EPOCHS)


@suite.check(
    points=1,
    title=N_(
        "overfit sizes the network from X, Y and hidden, seeds it, runs epochs updates of size "
        "lr; the defaults are 8, 3000, 0.05, 0"
    ),
)
def overfit_arguments(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    # Cheap: 0 or 1 epoch per call. 3 inputs and 2 outputs, so a network sized for XOR's
    # 2 and 1 shows; a seed other than 0 and hidden other than 8 show when ignored.
    X = rng.standard_normal((int(rng.integers(5, 9)), 3))
    Y = (rng.random((X.shape[0], 2)) < 0.5).astype(np.float64)
    Y[0], Y[1] = 0.0, 1.0
    hidden, seed = int(rng.integers(3, 7)), int(rng.integers(1, 1000))
    initialised(ref, sub, X, Y, hidden, seed)
    initialised(ref, sub, X, Y, None, None)
    # Any first update, Adam's or plain gradient descent's, is lr times something that
    # does not depend on lr: with lr 5 times smaller it is exactly 5 times shorter.
    big = first_update(ref, sub, X, Y, hidden, seed, 0.05)
    small = first_update(ref, sub, X, Y, hidden, seed, 0.01)
    if not all(
        np.allclose(b, 5.0 * s, rtol=1e-6, atol=1e-12) for b, s in zip(big, small, strict=True)
    ):
        if all(np.allclose(b, s, rtol=1e-9, atol=1e-15) for b, s in zip(big, small, strict=True)):
            fail(_("overfit ignores its lr argument: the first update is the same with lr=0.05 "
                   "and lr=0.01; step by the lr passed in"))  # fmt: skip
        fail(_("overfit's first update with lr=0.05 is not 5 times the one with lr=0.01: "
               "each update must be lr times the step direction"))  # fmt: skip
    default = first_update(ref, sub, X, Y, hidden, seed, None)
    if not all(
        np.allclose(d, b, rtol=1e-12, atol=1e-15) for d, b in zip(default, big, strict=True)
    ):
        fail(_("overfit's first update without an lr argument differs from the one with "
               "lr=0.05: the default lr is 0.05"))  # fmt: skip


# ---- gradient_check --------------------------------------------------------------------


@suite.check(points=1, title=N_("gradient_check: correct gradients give < 1e-5, params restored"))
def gradient_check_correct(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    params, X, Y, grads = grad_problem(ref, rng)
    for eps_args in ((), (1e-4,)):
        value, what = call_gradient_check(sub, params, X, Y, grads, *eps_args)
        if value >= 1e-5:
            exact_gradients_fail(ref, what, value, params, X, Y, grads, *eps_args)
    # The same code on the same numbers gives the same bits: no eps must mean eps=1e-6.
    default, what = call_gradient_check(sub, params, X, Y, grads)
    explicit, _what = call_gradient_check(sub, params, X, Y, grads, 1e-6)
    if default != explicit:
        fail(
            _(
                "{what} returned {default:.6g}, but {explicit:.6g} with eps=1e-6 passed: the "
                "default eps must be 1e-6"
            ).format(what=what, default=default, explicit=explicit)
        )


@suite.check(points=2, title=N_("gradient_check flags wrong gradients (error > 0.05)"))
def gradient_check_wrong(sub: Student, rng: np.random.Generator, ref: ModuleType) -> None:
    params, X, Y, grads = grad_problem(ref, rng)
    for label, wrong in corruptions(rng, grads, X.shape[0]):
        value, _what = call_gradient_check(sub, params, X, Y, wrong)
        largest_error(value, relative_errors(ref, params, X, Y, wrong, 1e-6), label)
        if not value > 0.05:
            fail(
                _(
                    "gradient_check returned a small error ({value:.3g}) for gradients that "
                    "are wrong ({label}): it must compare the grads argument, entry by entry, "
                    "with central differences of loss(params, X, Y), and return the largest "
                    "relative error"
                ).format(value=value, label=label)
            )
