"""The mlp suite's optimizers: stepping the student's SGD, Momentum and Adam, and the
grader-side trajectories (right and wrong) they are compared with.

- Optimizer gradients have entries of magnitude 0.2-2, so where eps sits in Adam (the
  classic folded form `lr_t = lr sqrt(1 - b2^t) / (1 - b1^t)`) changes the parameters by
  < 6e-8 over 5 steps (2000 draws), inside the 1e-6 tolerance, while every diagnosed Adam
  mistake changes them by > 5e-3.
- In-place updates are judged from the params list the child holds across steps
  (`sub.keep` / `sub.fetch`), as it is after each `step`. Replacing the list's items
  (`params[i] = params[i] - ...`) also updates `model.params` and is accepted.
- The optimizers must leave the gradients they are given unchanged: each is stepped three
  times with one gradient list the child keeps, which is then compared with what was sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import numpy as np

from grader.checks import Student
from grader.checks.diagnosis import Mistake
from grader.checks.diagnosis.optimizers import adam_mistakes as shared_adam_mistakes
from grader.checks.diagnosis.optimizers import (
    adam_trajectory,
    eps_mistakes,
    given,
    lr_ignored,
    sgd_trajectory,
)
from grader.checks.expect import array, fail, sequence
from grader.checks.mlp.network import Params, param_names
from grader.i18n import N_, _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

Step = Callable[[Params, Params], None]
Trajectory = list[Params]
IN_PLACE_HINT = N_(
    "step must update the arrays in place (p -= ...); rebinding a local name leaves the "
    "model unchanged"
)
ADAM_T_ZERO = N_(
    "the step counter t is not incremented before the bias correction (with t = 0, "
    "1 - beta1**t is 0 and m / 0 is inf): do self.t += 1 at the start of each step"
)
ADAM_NO_CORRECTION = N_(
    "Adam's first step is off: missing bias correction m_hat = m / (1 - beta1**t), "
    "v_hat = v / (1 - beta2**t)"
)
ADAM_EPS_IGNORED = N_(
    "it ignores the eps given to Adam(...) (it behaves as if eps were about 1e-8): use "
    "self.eps in p -= lr * m_hat / (np.sqrt(v_hat) + self.eps)"
)


def optimizer_problem(rng: np.random.Generator, steps: int) -> tuple[Params, list[Params]]:
    """Parameters [W1, b1, W2, b2] of distinct shapes and `steps` gradient lists.

    Gradient entries have magnitude 0.2-2 and a random sign (see the module notes).
    """
    a, b, c = (int(size) for size in rng.choice(np.arange(2, 7), 3, replace=False))
    shapes = [(a, b), (b,), (b, c), (c,)]
    params = [rng.standard_normal(shape) for shape in shapes]
    grads = [
        [rng.choice([-1.0, 1.0], shape) * rng.uniform(0.2, 2.0, shape) for shape in shapes]
        for _step in range(steps)
    ]
    return params, grads


def simulate(step: Step, params: Params, grad_seq: Sequence[Params]) -> Trajectory | None:
    """Run a grader-side optimizer over the sequence; None if it cannot run (shapes)."""
    current = [p.copy() for p in params]
    trajectory: Trajectory = []
    try:
        with np.errstate(all="ignore"):
            for grads in grad_seq:
                step(current, grads)
                trajectory.append([p.copy() for p in current])
    except ValueError:
        return None
    return trajectory


def exact(step: Step, params: Params, grad_seq: Sequence[Params]) -> Trajectory:
    """The reference trajectory (a correct optimizer always runs)."""
    trajectory = simulate(step, params, grad_seq)
    if trajectory is None:  # pragma: no cover - the reference optimizers cannot fail
        fail(_("internal grader error: the reference optimizer failed; please report this"))
    return trajectory


def student_steps(
    sub: Student,
    optimizer: Any,
    name: str,
    params: Params,
    grad_seq: Sequence[Params],
    zero_division_hint: str = "",
) -> Trajectory:
    """Call the student's step on the sequence, feeding each step the previous result.

    zero_division_hint: what a ZeroDivisionError in step means (already translated).
    """
    if not isinstance(optimizer, Remote):
        fail(_("{name} did not return an optimizer object").format(name=name))
    current = [p.copy() for p in params]
    # The child holds one params list across steps, as in real training, so state keyed
    # by the arrays' identity works.
    held = sub.keep(current)
    trajectory: Trajectory = []
    for k, grads in enumerate(grad_seq, start=1):
        what = _("{name}.step (step {k})").format(name=name, k=k)
        try:
            sub.method(optimizer, "step", held, grads)
        except StudentFailure as failure:
            explain_step_failure(failure, what, zero_division_hint)
        current = updated_params(sub.fetch(held), current, name, what)
        trajectory.append(current)
    return trajectory


def explain_step_failure(failure: StudentFailure, what: str, zero_division_hint: str) -> NoReturn:
    """Name the likely cause of an error in step, or raise it as it is."""
    if failure.fatal:
        raise failure
    if "broadcast" in failure.message:
        fail(
            _(
                "{what} failed with {error}: is one state array shared by all parameters? "
                "Keep one array per parameter (a list made with np.zeros_like(p) for each p)"
            ).format(what=what, error=failure.describe())
        )
    if zero_division_hint and failure.message.startswith("ZeroDivisionError"):
        fail(f"{what}: {zero_division_hint} ({failure.describe()})")
    raise failure


def updated_params(got: Any, current: Params, name: str, what: str) -> Params:
    """The params list after a step, every array of which must have changed in place."""
    names = param_names(len(current))
    items = sequence(got, f"{what}: params", len(current))
    updated = [array(item, f"{what}: {names[i]}", current[i].shape) for i, item in enumerate(items)]
    unchanged = [n for n, u, c in zip(names, updated, current, strict=True) if np.array_equal(u, c)]
    hint = _(IN_PLACE_HINT)
    if len(unchanged) == len(names):
        fail(_("{name}.step left params unchanged: {hint}").format(name=name, hint=hint))
    if unchanged:
        fail(
            _("{name}.step did not change {names}: {hint}").format(
                name=name, names=", ".join(unchanged), hint=hint
            )
        )
    return updated


def check_grads_untouched(
    sub: Student, optimizer: Any, name: str, params: Params, grads: Params, steps: int = 3
) -> None:
    """step with one gradient list the child keeps, as a caller reusing its buffers would:
    the gradients must come back unchanged after every step."""
    if not isinstance(optimizer, Remote):
        fail(_("{name} did not return an optimizer object").format(name=name))
    held_params = sub.keep([p.copy() for p in params])
    held_grads = sub.keep([g.copy() for g in grads])
    names = param_names(len(grads))
    for k in range(1, steps + 1):
        sub.method(optimizer, "step", held_params, held_grads)
        what = _("{name}.step (step {k}): grads").format(name=name, k=k)
        after = sequence(sub.fetch(held_grads), what, len(grads))
        changed = [
            names[i]
            for i, (a, g) in enumerate(zip(after, grads, strict=True))
            if not (isinstance(a, np.ndarray) and a.shape == g.shape and np.array_equal(a, g))
        ]
        if not changed:
            continue
        fields = {"name": name, "changed": ", ".join(changed), "k": k}
        if k > 1:
            fail(
                _(
                    "{name}.step changed the gradients it was given ({changed}, after step {k} "
                    "of the same grads list): grads are read-only inputs: the state keeps the "
                    "caller's gradient arrays (e.g. the first velocity is grads itself) and "
                    "later steps write into them; create state with np.zeros_like(p)"
                ).format(**fields)
            )
        fail(
            _(
                "{name}.step changed the gradients it was given ({changed}, after step {k} of "
                "the same grads list): grads are read-only inputs; write only into params and "
                "the optimizer's own state"
            ).format(**fields)
        )


def same_trajectory(a: Trajectory, b: Trajectory, rtol: float) -> bool:
    return all(
        np.allclose(x, y, rtol=rtol, atol=1e-6)
        for step_a, step_b in zip(a, b, strict=True)
        for x, y in zip(step_a, step_b, strict=True)
    )


def flat_trajectory(trajectory: Trajectory | None) -> np.ndarray | None:
    """Every parameter after every step, raveled into one vector (what mistakes hold)."""
    if trajectory is None:
        return None
    return np.concatenate([np.ravel(p) for params in trajectory for p in params])


def compare_trajectory(
    got: Trajectory, want: Trajectory, name: str, mistakes: Sequence[Mistake], nan_hint: str = ""
) -> None:
    """The student's trajectory against the right one; else the known mistake it matches
    (its value a `flat_trajectory`), else the first step that differs. nan_hint: what nan
    means here (already translated)."""
    if same_trajectory(got, want, 1e-6):
        return
    if not all(np.all(np.isfinite(p)) for params in got for p in params):
        if nan_hint:
            fail(_("{name}.step produced nan or inf: {hint}").format(name=name, hint=nan_hint))
        fail(_("{name}.step produced nan or inf").format(name=name))
    got_flat = flat_trajectory(got)
    for mistake in mistakes:
        if got_flat is not None and mistake.matches(got_flat):
            fail(f"{name}.step: {mistake.hint}")
    first_wrong = next(
        k for k in range(len(got)) if not same_trajectory(got[k : k + 1], want[k : k + 1], 1e-6)
    )
    if first_wrong > 0:
        fail(
            _(
                "{name}.step is right on the first step but wrong from step {step}: check the "
                "state kept between calls (created once, updated every step)"
            ).format(name=name, step=first_wrong + 1)
        )
    error = max(float(np.max(np.abs(x - y))) for x, y in zip(got[0], want[0], strict=True))
    fail(
        _("{name}.step is wrong on the first step (off by up to {error:.3g})").format(
            name=name, error=error
        )
    )


# ---- the grader's optimizers, right and wrong ------------------------------------------
# SGD and Adam are the shared oracles (grader/checks/diagnosis/optimizers.py); Momentum's
# are here, as no other exercise grades it.


def sgd(params: Params, grad_seq: Sequence[Params], lr: float) -> Trajectory:
    """SGD's trajectory over the gradient lists: the params after each step."""
    return sgd_trajectory(params, given(grad_seq), len(grad_seq), lr)


def adam_run(
    params: Params, grad_seq: Sequence[Params], lr: float, beta1: float, beta2: float, eps: float
) -> Callable[..., Trajectory]:
    """Adam's trajectory over the gradient lists, with these settings changed by keyword
    (lr=, beta1=, eps=, correct_m=False, t_mode=, eps_mode=, ...: see `adam_trajectory`)."""

    def run(**changes: Any) -> Trajectory:
        settings: dict[str, Any] = {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}
        settings.update(changes)
        return adam_trajectory(params, given(grad_seq), len(grad_seq), **settings)

    return run


def momentum_step(lr: float, beta: float, *, ema: bool = False, v_first: bool = True) -> Step:
    """Momentum v = beta v + g, p -= lr v; or the moving average (ema), or p moved with the
    old v (not v_first)."""
    velocity: Params = []

    def step(params: Params, grads: Params) -> None:
        if not velocity:
            velocity.extend(np.zeros_like(p) for p in params)
        for p, g, v in zip(params, grads, velocity, strict=True):
            if not v_first:
                p -= lr * v
            v *= beta
            v += (1.0 - beta) * g if ema else g
            if v_first:
                p -= lr * v

    return step


def momentum_shared(lr: float, beta: float) -> Step:
    """Momentum with one velocity shared by every parameter (a mistake)."""
    state: dict[str, Any] = {"v": 0.0}

    def step(params: Params, grads: Params) -> None:
        for p, g in zip(params, grads, strict=True):
            state["v"] = beta * state["v"] + g
            p -= lr * state["v"]

    return step


# ---- the known mistakes of each optimizer ----------------------------------------------


def known(hint: str, trajectory: Trajectory | None) -> Mistake:
    """A mistake of this suite: its hint and the trajectory it makes (None: it cannot run)."""
    return Mistake(hint, flat_trajectory(trajectory), rtol=1e-5, atol=1e-6)


def sgd_mistakes(params: Params, grad_seq: Sequence[Params], lr: float) -> list[Mistake]:
    def run(lr: float) -> np.ndarray | None:
        return flat_trajectory(sgd(params, grad_seq, lr))

    return [
        known(_("it steps uphill: p -= lr * g, not p += lr * g"), sgd(params, grad_seq, -lr)),
        *lr_ignored(run, lr, name="SGD", others=(1.0,)),
    ]


def momentum_mistakes(
    params: Params, grad_seq: Sequence[Params], lr: float, beta: float
) -> list[Mistake]:
    def run(step: Step) -> Trajectory | None:
        return simulate(step, params, grad_seq)

    return [
        known(
            _(
                "it uses the moving average v = beta*v + (1 - beta)*g; this workbook uses "
                "v = beta*v + g (PyTorch's convention)"
            ),
            run(momentum_step(lr, beta, ema=True)),
        ),
        known(
            _(
                "the momentum state is not kept between steps (every step equals plain SGD): "
                "create the velocities once, on the first call, and keep them on self"
            ),
            sgd(params, grad_seq, lr),
        ),
        known(
            _(
                "it moves p with the old velocity, then updates v; first v = beta*v + g, "
                "then p -= lr * v"
            ),
            run(momentum_step(lr, beta, v_first=False)),
        ),
        known(
            _("one velocity is shared by all parameters; keep one array per parameter"),
            run(momentum_shared(lr, beta)),
        ),
        known(
            _("it ignores the beta given to Momentum(lr, beta) and uses 0.9; use self.beta"),
            run(momentum_step(lr, 0.9)),
        ),
        known(_("it steps uphill: p -= lr * v, not p += lr * v"), run(momentum_step(-lr, beta))),
    ]


def adam_mistakes(run: Callable[..., Trajectory], lr: float) -> list[Mistake]:
    """This suite's Adam mistakes (the step counter, forgotten state), then the shared
    catalogue's (bias corrections, betas ignored, uphill, no square root, ...)."""

    def shared_run(**changes: Any) -> np.ndarray | None:
        return flat_trajectory(run(**changes))

    # The shared catalogue names a missing bias correction too, in other words; this
    # suite's wording comes first (its golden variant looks for it).
    return [
        known(_(ADAM_NO_CORRECTION), run(correct_m=False, correct_v=False)),
        known(
            _(
                "the step counter t is not incremented: the bias correction always uses t = 1; "
                "do self.t += 1 once per step, before the corrections"
            ),
            run(t_mode="stuck"),
        ),
        known(
            _("t is incremented once per parameter; increment it once per step, before the loop"),
            run(t_mode="param"),
        ),
        known(
            _(
                "m and v are not kept between steps: create them once (on the first call) and "
                "keep them on self"
            ),
            run(keep_state=False),
        ),
        *shared_adam_mistakes(shared_run, lr, name="Adam", given_betas=True),
    ]


def adam_eps_mistakes(run: Callable[..., Trajectory]) -> list[Mistake]:
    """Where eps sits, or whether it is used: these show with gradients much smaller than eps.
    The shared catalogue's eps-inside-the-root, with this suite's wording of an ignored eps
    first (its golden variant looks for it)."""

    def shared_run(**changes: Any) -> np.ndarray | None:
        return flat_trajectory(run(**changes))

    return [
        known(_(ADAM_EPS_IGNORED), run(eps=1e-8)),
        *eps_mistakes(shared_run, name="Adam"),
        known(_(ADAM_NO_CORRECTION), run(correct_m=False, correct_v=False)),
    ]
