"""Hidden checks for exercise 7.6: gradient descent and Adam on f(w) = (w - 3)**2.

SGD has a closed form on this quadratic, w_k = 3 + (w0 - 3)(1 - 2 lr)^k, which is the
oracle here. Adam is compared with the reference; the tolerance accepts the classic
"folded" form (lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)), whose eps sits in a slightly
different place (differences below 1e-6 for the gradients used here). One check passes a
large eps near w = 3, where eps inside the square root, or an eps ignored, changes w by
far more than the tolerance; there the folded form is accepted explicitly.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import close, fail, number
from grader.checks.reference import reference
from grader.isolation.runner import StudentFailure

if TYPE_CHECKING:
    from solutions.week18 import ex7_6_optimizers as ref
else:
    ref = reference("week18.ex7_6_optimizers")

suite = Suite("7.6")

ZERO_T_HINT = (
    "Adam divided by zero: the step counter t must start at 1 (with t = 0, "
    "1 - beta1**t is 0 in m_hat = m / (1 - beta1**t))"
)
BIAS_HINT = (
    "Adam's first step is off: did you forget the bias correction m_hat = m/(1-beta1^t), "
    "v_hat = v/(1-beta2^t)?"
)


def closed_form(w0: float, lr: float, steps: int) -> float:
    return 3.0 + (w0 - 3.0) * (1.0 - 2.0 * lr) ** steps


def adam_variant(
    w0: float,
    lr: float,
    steps: int,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    correct_m: bool = True,
    correct_v: bool = True,
    sign: float = 1.0,
    eps_mode: str = "outside",
    v_from_m: bool = False,
) -> float:
    """Adam as the reference writes it, optionally with a known mistake (for diagnoses).

    eps_mode: "outside" (sqrt(v_hat) + eps, the reference), "inside" (sqrt(v_hat + eps),
    a mistake) or "folded" (Kingma and Ba's efficient form: lr_t = lr sqrt(1 - b2^t) /
    (1 - b1^t), w -= lr_t m / (sqrt(v) + eps), a correct rewrite whose eps acts slightly
    differently) or "no_sqrt" (v_hat + eps, without the square root: a mistake).
    v_from_m: v decays from m instead of from itself, v = b2 m + (1 - b2) g**2 (a mistake).
    """
    w, m, v = float(w0), 0.0, 0.0
    for t in range(1, steps + 1):
        g = ref.grad_f(w)
        m = beta1 * m + (1.0 - beta1) * g
        v = beta2 * (m if v_from_m else v) + (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1**t) if correct_m else m
        v_hat = v / (1.0 - beta2**t) if correct_v else v
        if eps_mode == "inside":
            w -= sign * lr * m_hat / math.sqrt(v_hat + eps)
        elif eps_mode == "no_sqrt":
            w -= sign * lr * m_hat / (v_hat + eps)
        elif v_hat < 0.0:  # only when v decays from m (a mistake): its sqrt is nan
            return math.nan
        elif eps_mode == "folded":
            lr_t = lr * math.sqrt(1.0 - beta2**t) / (1.0 - beta1**t)
            w -= sign * lr_t * m / (math.sqrt(v) + eps)
        else:
            w -= sign * lr * m_hat / (math.sqrt(v_hat) + eps)
    return w


def adam_mistakes(
    w0: float,
    lr: float,
    steps: int,
    beta1: float,
    beta2: float,
    given_betas: bool,
    eps: float = 1e-8,
) -> list[Mistake]:
    """Known wrong Adams for these settings, each with its hint."""
    args = (w0, lr, steps, beta1, beta2, eps)
    mistakes = [
        Mistake(BIAS_HINT, adam_variant(*args, correct_m=False, correct_v=False), rtol=1e-5),
        Mistake(
            "Adam's first steps are off: only v is bias-corrected; add m_hat = m/(1-beta1^t)",
            adam_variant(*args, correct_m=False),
            rtol=1e-5,
        ),
        Mistake(
            "Adam's first steps are off: only m is bias-corrected; add v_hat = v/(1-beta2^t)",
            adam_variant(*args, correct_v=False),
            rtol=1e-5,
        ),
        Mistake(
            "Adam steps uphill: the update is w -= lr * m_hat / (sqrt(v_hat) + eps)",
            adam_variant(*args, sign=-1.0),
            rtol=1e-5,
        ),
        Mistake(
            "Adam divides by v_hat + eps without the square root; the denominator is "
            "sqrt(v_hat) + eps, so that a step is about lr long whatever the gradient's scale",
            adam_variant(*args, eps_mode="no_sqrt"),
            rtol=1e-5,
        ),
        Mistake(
            "Adam's v decays from m instead of from v: the second moment is its own running "
            "average, v = beta2 * v + (1 - beta2) * g**2",
            adam_variant(*args, v_from_m=True),
            rtol=1e-5,
        ),
        Mistake(
            "Adam returned nan: the step counter t must start at 1 (t = 0 divides by "
            "1 - beta**0 = 0)",
            test=lambda got: bool(np.any(np.isnan(got))),
        ),
    ]
    if given_betas:
        # First: with both betas given, these are the most specific diagnoses.
        mistakes[:0] = [
            Mistake(
                "adam ignores its beta1/beta2 arguments (it uses 0.9 and 0.999); use the "
                "values passed in",
                adam_variant(w0, lr, steps, eps=eps),
                rtol=1e-5,
            ),
            Mistake(
                "adam ignores its beta2 argument (it uses 0.999 for v); use the value passed in",
                adam_variant(w0, lr, steps, beta1, 0.999, eps),
                rtol=1e-5,
            ),
            Mistake(
                "adam ignores its beta1 argument (it uses 0.9 for m); use the value passed in",
                adam_variant(w0, lr, steps, 0.9, beta2, eps),
                rtol=1e-5,
            ),
        ]
    return mistakes + argument_mistakes(w0, lr, steps, beta1, beta2, eps)


def argument_mistakes(
    w0: float, lr: float, steps: int, beta1: float, beta2: float, eps: float
) -> list[Mistake]:
    """Adams that ignore w0, lr or steps (the seed's values, or Adam's usual lr = 0.001)."""
    found = []
    for start in (0.0, 10.0):
        if not math.isclose(start, w0):
            found.append(Mistake(
                f"adam starts from {start:g} instead of w0: begin with w = w0",
                adam_variant(start, lr, steps, beta1, beta2, eps), rtol=1e-5,
            ))  # fmt: skip
    for other in (0.001, 0.2):
        if not math.isclose(other, lr):
            found.append(Mistake(
                f"adam ignores its lr argument (it uses lr = {other:g}); use the lr passed in",
                adam_variant(w0, other, steps, beta1, beta2, eps), rtol=1e-5,
            ))  # fmt: skip
    for other in (steps - 1, steps + 1):
        if other >= 0:
            found.append(Mistake(
                f"adam made {other} updates instead of steps = {steps}: t runs from 1 to steps",
                adam_variant(w0, lr, other, beta1, beta2, eps), rtol=1e-5,
            ))  # fmt: skip
    return found


def call_adam(sub: Student, *args: Any, **kwargs: Any) -> float:
    """Call the student's adam, naming the t = 0 mistake when it divides by zero."""
    try:
        got = sub.call("adam", *args, **kwargs)
    except StudentFailure as failure:
        if not failure.fatal and failure.message.startswith("ZeroDivisionError"):
            fail(f"{ZERO_T_HINT} ({failure.describe()})")
        raise
    return final_w(got, "adam")


def final_w(got: Any, what: str) -> float:
    """The returned w, a number; a tuple, list or array is named as more than the final w."""
    if isinstance(got, tuple | list) or (isinstance(got, np.ndarray) and got.size != 1):
        kind = type(got).__name__
        fail(f"{what} returned a {kind}; it must return only the final w, a single number")
    if isinstance(got, np.ndarray) and got.shape != ():
        fail(f"{what} returned an array of shape {got.shape}; return the final w as a float")
    return number(got, what)


def sgd_mistakes(w0: float, lr: float, steps: int) -> list[Mistake]:
    mistakes = [
        Mistake(
            f"sgd took {steps + 1} steps instead of {steps}: loop exactly `steps` times",
            closed_form(w0, lr, steps + 1),
            rtol=1e-9,
            atol=1e-12,
        ),
        Mistake(
            "sgd steps uphill (gradient ascent): the update is w -= lr * grad_f(w), not +=",
            3.0 + (w0 - 3.0) * (1.0 + 2.0 * lr) ** steps,
            rtol=1e-9,
            atol=1e-12,
        ),
        Mistake(
            "sgd reuses the gradient at w0 for every step; evaluate grad_f at the current w",
            w0 - steps * lr * ref.grad_f(w0),
            rtol=1e-9,
            atol=1e-12,
        ),
    ]
    for start in (0.0, 10.0):
        if not math.isclose(start, w0):
            mistakes.append(Mistake(
                f"sgd starts from {start:g} instead of w0: begin with w = w0",
                closed_form(start, lr, steps), rtol=1e-9, atol=1e-12,
            ))  # fmt: skip
    if not math.isclose(lr, 0.1):
        mistakes.append(Mistake(
            "sgd ignores its lr argument (it uses the seed's 0.1); step with the lr passed in",
            closed_form(w0, 0.1, steps), rtol=1e-9, atol=1e-12,
        ))  # fmt: skip
    if steps > 0:
        mistakes.append(
            Mistake(
                f"sgd took {steps - 1} steps instead of {steps}: loop exactly `steps` times",
                closed_form(w0, lr, steps - 1),
                rtol=1e-9,
                atol=1e-12,
            )
        )
    return mistakes


@suite.check(points=1, title="sgd(w0=10, lr=0.1, steps=50) is within 1e-2 of 3 (seed)",
       public=True)  # fmt: skip
def seed_sgd(sub: Student, rng: np.random.Generator) -> None:
    got = final_w(sub.call("sgd", 10.0, 0.1, 50), "sgd")
    if not abs(got - 3.0) < 1e-2:
        for mistake in sgd_mistakes(10.0, 0.1, 50):
            if mistake.matches(np.asarray(got)):
                fail(mistake.hint)
        fail(f"sgd(w0=10, lr=0.1, steps=50) returned {got:.6g}; expected within 1e-2 of 3")


@suite.check(points=1, title="adam(w0=10, lr=0.2, steps=200) is within 1e-2 of 3 (seed, "
       "corrected: 50 steps only reach 2.966)", public=True)  # fmt: skip
def seed_adam(sub: Student, rng: np.random.Generator) -> None:
    got = call_adam(sub, 10.0, 0.2, 200)
    if not abs(got - 3.0) < 1e-2:
        for mistake in adam_mistakes(10.0, 0.2, 200, 0.9, 0.999, given_betas=False):
            if mistake.matches(np.asarray(got)):
                fail(mistake.hint)
        fail(f"adam(w0=10, lr=0.2, steps=200) returned {got:.6g}; expected within 1e-2 of 3")


@suite.check(points=2, title="sgd matches w_k = 3 + (w0 - 3)(1 - 2 lr)^k for random w0, lr, k")
def sgd_closed_form(sub: Student, rng: np.random.Generator) -> None:
    for w in rng.uniform(-10.0, 10.0, 3):
        close(np.asarray(number(sub.call("grad_f", float(w)), "grad_f")), ref.grad_f(float(w)),
              f"grad_f({w:.3g})", context="(it must return 2 (w - 3))")  # fmt: skip
    for _ in range(3):
        w0 = 3.0 + float(rng.uniform(1.0, 12.0) * rng.choice([-1.0, 1.0]))
        lr, steps = float(rng.uniform(0.02, 0.2)), int(rng.integers(3, 16))
        close(
            np.asarray(final_w(sub.call("sgd", w0, lr, steps), "sgd")),
            closed_form(w0, lr, steps),
            f"sgd(w0={w0:.4g}, lr={lr:.4g}, steps={steps})",
            rtol=1e-9,
            atol=1e-12,
            mistakes=sgd_mistakes(w0, lr, steps),
        )
    w0 = float(rng.uniform(3.5, 10.0) * rng.choice([-1.0, 1.0]))
    close(
        np.asarray(final_w(sub.call("sgd", w0, 0.1, 0), "sgd")),
        w0,
        f"sgd(w0={w0:.4g}, lr=0.1, steps=0)",
        rtol=1e-12,
        atol=0.0,
        mistakes=sgd_mistakes(w0, 0.1, 0),
        context="(zero steps must return w0)",
    )


@suite.check(points=1, title="Adam's first step is about lr long (bias correction)", public=True)
def adam_first_step(sub: Student, rng: np.random.Generator) -> None:
    w0 = 3.0 + float(rng.uniform(1.0, 8.0) * rng.choice([-1.0, 1.0]))
    lr = float(rng.uniform(0.01, 0.5))
    got = call_adam(sub, w0, lr, 1)
    close(
        np.asarray(got),
        ref.adam(w0, lr, 1),
        f"adam(w0={w0:.4g}, lr={lr:.4g}, steps=1)",
        rtol=1e-7,
        atol=1e-6,
        mistakes=adam_mistakes(w0, lr, 1, 0.9, 0.999, given_betas=False),
        context="(the first step must move w by about lr towards 3)",
    )


def unconverged(rng: np.random.Generator) -> tuple[float, float, int, float, float]:
    """Random w0, lr, steps, beta1, beta2 for which Adam is still on its way to 3.

    Once w is within ~1e-4 of 3, every variant of Adam (betas ignored, one bias correction
    missing) lands within the tolerance of the others, and the first mistake tried would be
    named whatever the student did. So redraw until w is still > 0.05 from 3 and ignoring
    the betas visibly changes the result.
    """
    for _ in range(50):
        w0 = 3.0 + float(rng.uniform(1.0, 12.0) * rng.choice([-1.0, 1.0]))
        lr, steps = float(rng.uniform(0.02, 0.5)), int(rng.integers(5, 101))
        beta1, beta2 = float(rng.uniform(0.7, 0.85)), float(rng.uniform(0.95, 0.99))
        want = ref.adam(w0, lr, steps, beta1, beta2)
        if abs(want - 3.0) > 0.05 and abs(adam_variant(w0, lr, steps) - want) > 1e-3:
            break
    return w0, lr, steps, beta1, beta2


@suite.check(points=2, title="adam matches the reference for random w0, lr, steps and betas")
def adam_matches_reference(sub: Student, rng: np.random.Generator) -> None:
    for _ in range(3):
        w0, lr, steps, beta1, beta2 = unconverged(rng)
        got = call_adam(sub, w0, lr, steps, beta1=beta1, beta2=beta2)
        close(
            np.asarray(got),
            ref.adam(w0, lr, steps, beta1, beta2),
            f"adam(w0={w0:.4g}, lr={lr:.4g}, steps={steps}, beta1={beta1:.3f}, beta2={beta2:.4f})",
            rtol=1e-6,
            atol=1e-5,
            mistakes=adam_mistakes(w0, lr, steps, beta1, beta2, given_betas=True),
        )


EPS_INSIDE = (
    "eps is inside the square root: the update is w -= lr * m_hat / (sqrt(v_hat) + eps), "
    "not lr * m_hat / sqrt(v_hat + eps)"
)
EPS_IGNORED = (
    "adam ignores its eps argument (it behaves as if eps were about 1e-8): use the eps "
    "passed in, w -= lr * m_hat / (sqrt(v_hat) + eps)"
)


@suite.check(points=1, title="adam uses its eps, outside the square root (large eps, near w = 3)")
def adam_eps(sub: Student, rng: np.random.Generator) -> None:
    # Near w = 3 the gradient is small, so a large eps dominates sqrt(v_hat) and where it
    # sits shows; with the default 1e-8 it never would.
    w0 = 3.0 + float(rng.uniform(0.2, 0.6) * rng.choice([-1.0, 1.0]))
    lr, steps = float(rng.uniform(0.05, 0.2)), int(rng.integers(5, 21))
    eps = float(rng.uniform(0.3, 1.0))
    what = f"adam(w0={w0:.4g}, lr={lr:.3g}, steps={steps}, eps={eps:.3g})"
    got = call_adam(sub, w0, lr, steps, eps=eps)
    folded = adam_variant(w0, lr, steps, eps=eps, eps_mode="folded")
    if math.isclose(got, folded, rel_tol=1e-9, abs_tol=1e-12):
        return  # the folded form is a correct rewrite
    close(
        np.asarray(got),
        ref.adam(w0, lr, steps, eps=eps),
        what,
        rtol=1e-9,
        atol=1e-12,
        mistakes=[
            Mistake(EPS_INSIDE, adam_variant(w0, lr, steps, eps=eps, eps_mode="inside")),
            Mistake(EPS_IGNORED, adam_variant(w0, lr, steps), rtol=1e-5),
            *adam_mistakes(w0, lr, steps, 0.9, 0.999, given_betas=False, eps=eps),
        ],
        given=f"w0={w0:.6g}, lr={lr:.6g}, steps={steps}, eps={eps:.6g}",
    )


DEFAULTS = {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}


@suite.check(points=1, title="adam's defaults are beta1 = 0.9, beta2 = 0.999, eps = 1e-8")
def adam_defaults(sub: Student, rng: np.random.Generator) -> None:
    # The same code with the same numbers gives the same bits: adam(w0, lr, steps) must be
    # exactly adam(w0, lr, steps, beta1=0.9, ...). Near w = 3 the gradient is ~1e-3, so even
    # a default eps of 1e-7 shows.
    w0 = 3.0 + float(rng.uniform(1e-3, 3e-3) * rng.choice([-1.0, 1.0]))
    lr, steps = float(rng.uniform(1e-4, 5e-4)), int(rng.integers(5, 16))
    what = f"adam(w0={w0:.6g}, lr={lr:.3g}, steps={steps})"
    got = call_adam(sub, w0, lr, steps)
    explicit = call_adam(sub, w0, lr, steps, **DEFAULTS)
    want = float(ref.adam(w0, lr, steps, **DEFAULTS))
    if not math.isclose(explicit, want, rel_tol=1e-6, abs_tol=1e-9):
        fail(f"{what} with beta1=0.9, beta2=0.999, eps=1e-8 passed explicitly returned "
             f"{explicit:.9g}; expected {want:.9g}")  # fmt: skip
    if got == explicit:
        return
    for name, value in DEFAULTS.items():
        others = {key: DEFAULTS[key] for key in DEFAULTS if key != name}
        if call_adam(sub, w0, lr, steps, **others) == got:
            fail(f"{what} differs from the same call with {name}={value:g}: the default "
                 f"{name} must be {value:g}")  # fmt: skip
    fail(f"{what} returned {got:.9g}, but with beta1=0.9, beta2=0.999, eps=1e-8 passed "
         f"explicitly {explicit:.9g}: the defaults must be those values")  # fmt: skip
