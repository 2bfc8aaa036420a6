"""The week-17 perceptron: the reference against hand computation and independent oracles
(a linear program for separability, the perceptron convergence bound), the check suite's
diagnoses, the decision-boundary picture, and the checklist item it earns.

The golden variants in tests/golden/variants/perceptron/ run in tests/test_golden_variants.py
and tests/test_contract.py like every other exercise's.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy.optimize import linprog

from grader.checks import checks_for
from grader.checks.perceptron import checks as suite
from grader.progress import ToolRun, checklist_lines
from grader.registry import BY_ID
from solutions.week17 import perceptron as ref
from workbook import plots
from workbook.checklist import CHECKLIST
from workbook.content import ANSWERS, BY_WEEK
from workbook.paths import SOLUTIONS
from workbook.regions import stub_source

SEPARABLE = ("and", "or", "nand")
XOR_ITEM = "Understand why XOR is not linearly separable."
PASSING = {"mypy": ToolRun(True, "Success"), "pytest": ToolRun(True, "2 passed")}


def accuracy(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    # Written out row by row, independent of the reference's predict.
    rows = zip(X, y, strict=True)
    return float(np.mean([(1.0 if x @ w + b >= 0.0 else 0.0) == t for x, t in rows]))


def separable_by_lp(X: np.ndarray, y: np.ndarray) -> bool:
    """Is there (w, b) with (2y - 1)(x @ w + b) >= 1 for every row? (scipy's linear program)"""
    signs = 2.0 * y - 1.0
    rows = -signs[:, None] * np.hstack([X, np.ones((len(y), 1))])
    found = linprog(np.zeros(X.shape[1] + 1), A_ub=rows, b_ub=-np.ones(len(y)),
                    bounds=[(None, None)] * (X.shape[1] + 1), method="highs")  # fmt: skip
    return bool(found.status == 0)


# ---- the reference ---------------------------------------------------------------------


def test_module_imports_only_numpy_and_stdlib() -> None:
    """Is the perceptron module self-contained, like the other week-17 modules?"""
    tree = ast.parse(Path(ref.__file__).read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots.add((node.module or "").split(".")[0])
    assert roots <= {"__future__", "numpy"}, roots


def test_step_sends_zero_to_class_one_and_keeps_the_shape() -> None:
    """Is step 1.0 for z >= 0 (0 included) and 0.0 below, as float64 of z's shape?"""
    z = np.array([[-3.0, -1e-300, 0.0], [-0.0, 1e-300, 7.0]])
    got = ref.step(z)
    assert got.dtype == np.float64 and got.shape == z.shape
    np.testing.assert_array_equal(got, [[0.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    assert ref.step(0.0).shape == ()


def test_predict_matches_a_loop_over_rows() -> None:
    """Does predict(X, w, b) give step(x @ w + b) for every row, shape (n,)?"""
    rng = np.random.default_rng(3)
    X, w, b = rng.standard_normal((9, 3)), rng.standard_normal(3), 0.4
    want = [1.0 if float(x @ w) + b >= 0.0 else 0.0 for x in X]
    np.testing.assert_array_equal(ref.predict(X, w, b), want)


def test_truth_tables() -> None:
    """Are the four gates' tables the rows (0,0), (0,1), (1,0), (1,1) with the right outputs,
    and is an unknown gate a ValueError?"""
    logic = {"and": lambda a, b: a and b, "or": lambda a, b: a or b,
             "nand": lambda a, b: not (a and b), "xor": lambda a, b: a != b}  # fmt: skip
    for gate, rule in logic.items():
        X, y = ref.truth_table(gate)
        assert X.shape == (4, 2) and y.shape == (4,)
        np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
        np.testing.assert_array_equal(y, [float(rule(bool(a), bool(b))) for a, b in X])
    with pytest.raises(ValueError, match="unknown gate"):
        ref.truth_table("nor")


def test_the_rule_matches_two_epochs_worked_by_hand() -> None:
    """Do the first two epochs on AND (lr = 1) give what the rule gives on paper?

    Epoch 1: (0,0) has z = 0, predicted 1, wrong: b = -1. (0,1) and (1,0): z = -1, right.
    (1,1): z = -1, predicted 0, wrong: w = (1, 1), b = 0. Two mistakes.
    Epoch 2: (0,0): z = 0, wrong: b = -1. (0,1): z = 0, wrong: w = (1, 0), b = -2.
    (1,0): z = -1, right. (1,1): z = -1, wrong: w = (2, 1), b = -1. Three mistakes.
    """
    X, y = ref.truth_table("and")
    w, b, mistakes = ref.train_perceptron(X, y, 1.0, 1)
    np.testing.assert_array_equal(w, [1.0, 1.0])
    assert (b, mistakes) == (0.0, [2])
    w, b, mistakes = ref.train_perceptron(X, y, 1.0, 2)
    np.testing.assert_array_equal(w, [2.0, 1.0])
    assert (b, mistakes) == (-1.0, [2, 3])
    assert isinstance(b, float) and all(type(m) is int for m in mistakes)


@pytest.mark.parametrize("gate", SEPARABLE)
def test_separable_gates_are_learned_and_then_stay_put(gate: str) -> None:
    """Does the rule reach 4/4 on AND, OR and NAND within 5 epochs, with no mistakes and no
    change of the weights in any later epoch?"""
    X, y = ref.truth_table(gate)
    assert separable_by_lp(X, y)
    w5, b5, mistakes = ref.train_perceptron(X, y, 1.0, 5)
    assert accuracy(X, y, w5, b5) == 1.0
    w, b, mistakes = ref.train_perceptron(X, y, 1.0, 30)
    first_clean = mistakes.index(0)
    assert first_clean <= 5 and all(m == 0 for m in mistakes[first_clean:])
    np.testing.assert_array_equal(w, w5)
    assert b == b5


def test_xor_is_never_learned() -> None:
    """Is XOR infeasible for a linear program, and does no epoch of the rule, up to 60, end
    at 4/4 or pass without a mistake?"""
    X, y = ref.truth_table("xor")
    assert not separable_by_lp(X, y)
    for epochs in range(1, 61):
        w, b, _ = ref.train_perceptron(X, y, 1.0, epochs)
        assert accuracy(X, y, w, b) < 1.0
    assert min(ref.train_perceptron(X, y, 1.0, 60)[2]) >= 1


def test_no_line_on_a_grid_gets_xor_right() -> None:
    """Brute force for the written answer: of 9,261 lines (w1, w2, b on a grid), how many
    classify XOR's four points correctly? None, while every separable gate has some."""
    values = np.linspace(-2.0, 2.0, 21)
    grid = np.array(list(itertools.product(values, values, values)))
    for gate in (*SEPARABLE, "xor"):
        X, y = ref.truth_table(gate)
        classes = (X @ grid[:, :2].T + grid[:, 2] >= 0.0).T  # (lines, 4)
        perfect = int(np.sum(np.all(classes == (y == 1.0), axis=1)))
        assert (perfect == 0) == (gate == "xor"), (gate, perfect)


@pytest.mark.parametrize("seed", range(5))
def test_convergence_within_novikoffs_bound(seed: int) -> None:
    """On random separable data, does the rule stop making mistakes after at most
    (R / gamma)^2 updates, R the largest norm of [x, 1] and gamma the margin of a unit
    separator of the augmented points (Novikoff's bound)?"""
    rng = np.random.default_rng(seed)
    d = int(rng.integers(2, 5))
    u = rng.standard_normal(d + 1)
    u /= np.linalg.norm(u)
    X = rng.standard_normal((40, d))
    augmented = np.hstack([X, np.ones((40, 1))])
    margin = augmented @ u
    keep = np.abs(margin) > 0.2
    X, augmented, margin = X[keep], augmented[keep], margin[keep]
    y = (margin > 0).astype(np.float64)
    bound = (np.max(np.linalg.norm(augmented, axis=1)) / np.min(np.abs(margin))) ** 2
    w, b, mistakes = ref.train_perceptron(X, y, 0.7, int(bound) + 2)
    assert sum(mistakes) <= bound
    assert mistakes[-1] == 0 and accuracy(X, y, w, b) == 1.0


def test_the_learning_rate_only_scales_the_weights() -> None:
    """From w = 0 and b = 0, is training with lr the same path as with 1, scaled by lr?"""
    rng = np.random.default_rng(7)
    X = rng.standard_normal((25, 3))
    y = (X @ np.array([1.0, -2.0, 0.5]) + 0.3 > 0).astype(np.float64)
    w1, b1, m1 = ref.train_perceptron(X, y, 1.0, 6)
    w, b, m = ref.train_perceptron(X, y, 0.25, 6)
    np.testing.assert_allclose(w, 0.25 * w1, rtol=1e-12)
    assert b == pytest.approx(0.25 * b1, rel=1e-12) and m == m1


# ---- the stub and the notebook text -------------------------------------------------------


def load_stub(tmp_path: Path) -> ModuleType:
    source = (SOLUTIONS / "week17" / "perceptron.py").read_text(encoding="utf-8")
    path = tmp_path / "perceptron_stub.py"
    path.write_text(stub_source(source), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("perceptron_stub", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stub_gives_the_data_and_asks_for_the_rest(tmp_path: Path) -> None:
    """Does the stub keep truth_table working and raise NotImplementedError, naming the
    function, in step, predict and train_perceptron?"""
    stub = load_stub(tmp_path)
    X, y = stub.truth_table("xor")
    np.testing.assert_array_equal(y, [0.0, 1.0, 1.0, 0.0])
    calls = {
        "step": (np.zeros(2),),
        "predict": (X, np.zeros(2), 0.0),
        "train_perceptron": (X, y, 1.0, 3),
    }
    for name, args in calls.items():
        with pytest.raises(NotImplementedError, match=name):
            getattr(stub, name)(*args)


def test_notebook_section_asks_why_xor_is_not_separable() -> None:
    """Does week 17 hold the exercise, then the written answer on XOR, before the dense layer,
    with the hints and the picture?"""
    week = BY_WEEK["week17"]
    ids = [getattr(block, "id", None) for block in week.blocks]
    assert ids.index("perceptron") < ids.index("xor-not-linearly-separable") < ids.index("7.2")
    exercise = next(e for e in week.exercises if e.id == "perceptron")
    assert (exercise.title, exercise.module) == (BY_ID["perceptron"].title, "week17.perceptron")
    assert [p.code for p in exercise.pictures] == ["plots.perceptron_gates(perceptron)"]
    assert len(exercise.mistakes) >= 3
    assert "linearly separable" in ANSWERS["xor-not-linearly-separable"].title


# ---- the check suite ----------------------------------------------------------------------


def test_suite_has_visible_and_hidden_checks_with_explicit_points() -> None:
    """Are there visible checks (for the notebook) and hidden ones, all with points?"""
    checks = checks_for("perceptron")
    public = {c.name for c in checks if c.public}
    assert {"step_values", "and_by_hand", "gates_learned", "xor_never_learned"} <= public
    assert {"predict_values", "random_separable"} <= {c.name for c in checks if not c.public}
    assert all(c.points > 0 for c in checks)


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "XOR"])
@pytest.mark.parametrize("lr", [0.25, 0.5, 1.0, 2.0])
def test_the_suites_rule_is_the_reference_when_no_mistake_is_on(gate: str, lr: float) -> None:
    """Is the diagnoses' loop, with no mistake switched on, exactly the reference?"""
    X, y = suite.INPUTS, suite.GATES[gate]
    w, b, _ = ref.train_perceptron(X, y, lr, 12)
    got_w, got_b = suite.rule(X, y, lr, 12)
    np.testing.assert_array_equal(got_w, w)
    assert got_b == b


def test_the_visible_by_hand_check_tells_every_mistake_apart() -> None:
    """On the by-hand check's data (AND, lr = 0.5, two epochs), does every known mistake end
    somewhere else, so that none is dropped as ambiguous?"""
    X, y = suite.INPUTS, suite.GATES["AND"]
    assert len(suite.rule_mistakes(X, y, 0.5, 2)) == 6


def test_ambiguous_mistakes_are_left_out() -> None:
    """With lr = 1, ignoring lr changes nothing, and on one epoch of AND a strict step and the
    delta rule end at the same place: are all three left out rather than misnamed?"""
    X, y = suite.INPUTS, suite.GATES["AND"]
    hints = [m.hint for m in suite.rule_mistakes(X, y, 1.0, 1)]
    assert suite.NO_LR not in hints
    assert suite.STRICT_STEP not in hints and suite.RAW_ERROR not in hints
    assert suite.EVERY_POINT in hints and suite.WRONG_SIGN in hints


# ---- the picture --------------------------------------------------------------------------


def suptitle(fig: Figure) -> str:
    return " ".join(fig.get_suptitle().split())


def test_picture_with_the_reference_is_drawn_with_your_code(tmp_path: Path) -> None:
    """Given working code, is the picture a PNG titled as the student's own, with XOR's
    panels saying it never gets there?"""
    path = tmp_path / "gates.png"
    fig = plots.perceptron_gates(ref, path=path)
    assert path.read_bytes().startswith(b"\x89PNG") and path.stat().st_size > 10_000
    assert "drawn with your code" in suptitle(fig)
    titles = [ax.get_title() for ax in fig.axes]
    assert any(t.startswith("XOR: 2/4 right") for t in titles), titles
    assert "a mistake in every epoch" in titles
    assert sum(t.startswith("no mistakes from epoch") for t in titles) == 3


def test_picture_with_the_stub_falls_back_and_says_so(tmp_path: Path) -> None:
    """Given the untouched stub, is it drawn with the reference, saying what is missing?"""
    fig = plots.perceptron_gates(load_stub(tmp_path))
    text = suptitle(fig)
    assert "drawn with the reference solution" in text
    assert "not implemented yet" in text and "`train_perceptron`" in text


def test_picture_names_a_broken_function_and_keeps_the_working_one() -> None:
    """Given a predict that returns the wrong shape, is the training the student's and the
    shading the reference's, and does the title say so?"""
    student = SimpleNamespace(
        train_perceptron=ref.train_perceptron, predict=lambda X, w, b: np.zeros((len(X), 1))
    )
    text = suptitle(plots.perceptron_gates(student))
    assert "your code, with the reference for `predict`" in text
    assert "returned shape" in text


# ---- the checklist ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "filled", "state", "detail"),
    [
        (set(), set(), "todo", "grade perceptron; answer not written"),
        ({"perceptron"}, set(), "todo", "answer not written"),
        (set(), {"xor-not-linearly-separable"}, "todo", "grade perceptron"),
        ({"perceptron"}, {"xor-not-linearly-separable"}, "done", ""),
    ],
)
def test_xor_item_needs_the_exercise_and_the_answer(
    passed: set[str], filled: set[str], state: str, detail: str
) -> None:
    """Is "why XOR is not linearly separable" ticked only when the perceptron passes and its
    written answer is filled in, and does it say what is still missing?"""
    item = next(item for item in CHECKLIST if item.text == XOR_ITEM)
    assert item.exercises == ("perceptron",) and item.answers == ("xor-not-linearly-separable",)
    line = next(line for line in checklist_lines(passed, filled, PASSING) if line.item == item)
    assert (line.state, line.detail) == (state, detail)
