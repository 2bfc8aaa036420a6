"""Training checks ask for a property with a short epoch budget first, the full one after.

A trainer is a stand-in for a student's: the reference, with a warm-up of epochs in which it
records the loss but does not learn. With a fixed warm-up just short of the check's full
budget it is correct but slow: it reaches the target only when given the full budget. With
a warm-up of all but the last three epochs it never gets there, whatever the budget.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import reference_source, write_submission

from grader.checks import CheckFailed
from grader.checks.overfit.checks import short_then_full
from grader.grade import grade_exercise
from grader.isolation.runner import StudentFailure
from grader.registry import BY_ID
from grader.report import ExerciseResult

# Learns from epoch 2500 on: 500 Adam updates, twice what the reference needs on any draw.
SLOW_OVERFIT = """
def overfit(X, Y, hidden=8, epochs=3000, lr=0.05, seed=0):
    print(f"overfit epochs={epochs}")
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    params = init_params(X.shape[1], hidden, Y.shape[1], seed)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    history, t = [], 0
    for epoch in range(epochs):
        P, cache = forward(params, X)
        history.append(bce(Y, P))
        if epoch < WARM_UP(epochs):
            continue
        t += 1
        for p, g, m_i, v_i in zip(params, backward(params, cache, Y), m, v):
            m_i[...] = 0.9 * m_i + 0.1 * g
            v_i[...] = 0.999 * v_i + 0.001 * g * g
            p -= lr * (m_i / (1 - 0.9**t)) / (np.sqrt(v_i / (1 - 0.999**t)) + 1e-8)
    return params, history
"""

# Learns from epoch 700 on: 300 Adam updates when given 1000, four times what it needs.
SLOW_XOR = """
def train_xor(seed=0, hidden=8, epochs=2000, lr=0.05):
    print(f"train_xor epochs={epochs}")
    X, Y = xor_data()
    model = MLP([2, hidden, 1], activation="tanh", seed=seed)
    still = min(epochs, WARM_UP(epochs))
    history = train(model, X, Y, SGD(0.0), still)
    return model, history + train(model, X, Y, Adam(lr=lr), epochs - still)
"""

CASES = {
    # exercise: (trainer, slow warm-up, training checks, short and full budget as printed)
    "overfit": (
        SLOW_OVERFIT, 2500, ("overfit_xor", "overfit_random", "run_test"),
        ("overfit epochs=360", "overfit epochs=3000"),
    ),
    "mlp": (
        SLOW_XOR, 700, ("xor_default", "xor_seeds"),
        ("train_xor epochs=240", "train_xor epochs=1000"),
    ),
}  # fmt: skip


def graded(root: Path, exercise_id: str, warm_up: str) -> ExerciseResult:
    exercise = BY_ID[exercise_id]
    trainer = CASES[exercise_id][0]
    source = f"{reference_source(exercise)}\n\nWARM_UP = {warm_up}\n{trainer}"
    write_submission(root, exercise, source)
    return grade_exercise(exercise, root, seed=7)


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_a_correct_trainer_that_needs_the_full_budget_passes(
    exercise_id: str, submission_root: Path
) -> None:
    """Does a trainer that learns only near the end of the full budget pass every check,
    after the short budget was tried first?"""
    _, warm_up, _, budgets = CASES[exercise_id]
    result = graded(submission_root, exercise_id, f"lambda epochs: {warm_up}")
    assert result.passed, result.feedback()
    for budget in budgets:
        assert budget in result.output, result.output


@pytest.mark.parametrize("exercise_id", sorted(CASES))
def test_a_trainer_that_never_gets_there_fails_with_the_full_budget_feedback(
    exercise_id: str, submission_root: Path
) -> None:
    """Does a trainer that never reaches the target fail each training check, with the
    feedback of the full budget (not the short one), while the other checks pass?"""
    _, _, training, budgets = CASES[exercise_id]
    result = graded(submission_root, exercise_id, "lambda epochs: epochs - 3")
    verdicts = {check.name: check for check in result.checks}
    for name, check in verdicts.items():
        assert check.passed == (name not in training), f"{name}: {check.message}"
    full = budgets[1].split()[1]  # "epochs=3000"
    for name in training:
        if name in ("overfit_xor", "overfit_random", "xor_seeds"):
            assert full in verdicts[name].message, verdicts[name].message
            assert budgets[0].split()[1] not in verdicts[name].message


def test_the_full_budget_runs_only_when_the_short_one_fails() -> None:
    """Does short_then_full stop after a short run that passes, retry after one that fails
    (a verdict or an error in the student's code), and stop at once on a fatal failure?"""
    asked: list[int] = []

    def passes_from(epochs_needed: int, error: Exception | None = None) -> Callable[[int], None]:
        def attempt(epochs: int) -> None:
            asked.append(epochs)
            if epochs < epochs_needed:
                raise error or CheckFailed(f"not there after {epochs}")

        return attempt

    short_then_full(passes_from(100), 3000, short=360)
    assert asked == [360]
    asked.clear()
    with pytest.raises(CheckFailed, match="after 3000"):
        short_then_full(passes_from(5000), 3000, short=360)
    assert asked == [360, 3000]
    asked.clear()
    short_then_full(passes_from(1000, StudentFailure("error", "overflow")), 3000, short=360)
    assert asked == [360, 3000]
    asked.clear()
    with pytest.raises(StudentFailure):
        short_then_full(passes_from(1000, StudentFailure("timeout", "t", fatal=True)), 3000, 360)
    assert asked == [360]
