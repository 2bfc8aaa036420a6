"""Reference solutions for week 18 (exercises 7.4-7.7, neural_network, overfit_test), checked
against independent oracles: torch autograd and torch.optim, closed forms, finite
differences. The seed module's own code (tests/seed_reference.py) must agree with ours."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import torch

from solutions.week18 import ex7_4_backprop as bp
from solutions.week18 import ex7_5_overfit_logreg as lr75
from solutions.week18 import ex7_6_optimizers as opt76
from solutions.week18 import ex7_7_clipping as clip
from solutions.week18 import neural_network as nn_mod
from solutions.week18 import overfit_test as ovf
from workbook.regions import find_regions, stub_source

WEEK18_MODULES = [bp, lr75, opt76, clip, nn_mod, ovf]


def _load_seed_reference() -> types.ModuleType:
    # Loaded by path so the tests work whether or not tests/ is a package.
    path = Path(__file__).with_name("seed_reference.py")
    spec = importlib.util.spec_from_file_location("seed_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEED = _load_seed_reference()


# --- modules as a whole --------------------------------------------------------------


@pytest.mark.parametrize("module", WEEK18_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_module_imports_only_numpy_and_stdlib(module: types.ModuleType) -> None:
    """Is each exercise self-contained (no import of another exercise module)?"""
    assert module.__file__ is not None
    tree = ast.parse(Path(module.__file__).read_text())
    allowed = {"__future__", "collections", "typing", "math", "numpy"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots = {(node.module or "").split(".")[0]}
        else:
            continue
        assert roots <= allowed, f"{module.__name__} imports {roots - allowed}"


@pytest.mark.parametrize("module", WEEK18_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_student_stub_imports_cleanly_and_raises_not_implemented(
    module: types.ModuleType,
) -> None:
    """Does the stub generated from each solution import, and do stubbed functions fail loudly?"""
    assert module.__file__ is not None
    source = Path(module.__file__).read_text()
    regions = find_regions(source, module.__file__)
    assert regions, "every exercise module has at least one solution region"
    stub = types.ModuleType("stub_" + module.__name__.rsplit(".", 1)[1])
    exec(compile(stub_source(source, module.__file__), module.__file__, "exec"), stub.__dict__)
    for region in regions:
        owner, _, name = region.function.rpartition(".")
        if owner == "MLP":
            fn: Callable[..., object] = getattr(stub.MLP([2, 3, 1]), name)
        elif owner:
            cls = getattr(stub, owner)
            fn = getattr(cls(*[0.1] * _required_positional(cls)), name)
        else:
            fn = getattr(stub, name)
        args = [np.ones((2, 2))] * _required_positional(fn)
        with pytest.raises(NotImplementedError, match=region.function):
            fn(*args)


def _required_positional(fn: Callable[..., object]) -> int:
    params = inspect.signature(fn).parameters.values()
    return sum(p.default is inspect.Parameter.empty for p in params)


# --- 7.4 two-layer backprop ----------------------------------------------------------


def test_seed_assert_7_4_dW2_matches_central_difference() -> None:
    """Seed 7.4 (data from seed 0): does dW2[2, 0] match a central difference of the loss?"""
    rs = np.random.RandomState(0)
    n, d_in, d_h = 8, 3, 5
    X = rs.randn(n, d_in)
    y = (rs.rand(n, 1) < 0.5).astype(float)
    W1 = rs.randn(d_in, d_h) * 0.1
    b1 = np.zeros(d_h)
    W2 = rs.randn(d_h, 1) * 0.1
    b2 = np.zeros(1)
    _, cache = bp.forward(X, W1, b1, W2, b2)
    _, _, dW2, _ = bp.backward(y, cache, W2)
    i, j, h = 2, 0, 1e-6
    E = np.zeros_like(W2)
    E[i, j] = 1.0
    L_plus = bp.loss_fn(X, y, W1, b1, W2 + h * E, b2)
    L_minus = bp.loss_fn(X, y, W1, b1, W2 - h * E, b2)
    g_num = (L_plus - L_minus) / (2.0 * h)
    assert np.isclose(dW2[i, j], g_num, rtol=1e-4, atol=1e-6)


def _two_layer_problem(
    seed: int, n: int = 7, d_in: int = 4, d_h: int = 6
) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d_in))
    y = (rng.random((n, 1)) < 0.5).astype(float)
    W1 = rng.normal(scale=0.7, size=(d_in, d_h))
    b1 = rng.normal(scale=0.1, size=d_h)
    W2 = rng.normal(scale=0.7, size=(d_h, 1))
    b2 = rng.normal(scale=0.1, size=1)
    return X, y, W1, b1, W2, b2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_backward_matches_torch_autograd_on_non_square_batch(seed: int) -> None:
    """n=7, d_in=4, d_h=6: are dW1, db1, dW2, db2 torch's gradients of the mean BCE?"""
    X, y, W1, b1, W2, b2 = _two_layer_problem(seed)
    P, cache = bp.forward(X, W1, b1, W2, b2)
    grads = bp.backward(y, cache, W2)

    tensors = [torch.tensor(a, requires_grad=True) for a in (W1, b1, W2, b2)]
    tW1, tb1, tW2, tb2 = tensors
    tP = torch.sigmoid(torch.relu(torch.tensor(X) @ tW1 + tb1) @ tW2 + tb2)
    torch.nn.functional.binary_cross_entropy(tP, torch.tensor(y)).backward()

    np.testing.assert_allclose(P, tP.detach().numpy(), rtol=1e-13)
    assert bp.loss_fn(X, y, W1, b1, W2, b2) == pytest.approx(
        torch.nn.functional.binary_cross_entropy(tP, torch.tensor(y)).item(), rel=1e-12
    )
    for name, got, t in zip(("dW1", "db1", "dW2", "db2"), grads, tensors, strict=True):
        assert t.grad is not None
        assert got.shape == t.shape, name
        np.testing.assert_allclose(got, t.grad.numpy(), rtol=1e-10, atol=1e-14, err_msg=name)


def test_forward_cache_holds_the_intermediates_with_their_shapes() -> None:
    """Is the cache (X, Z1, A1, Z2, P) with A1 = relu(Z1) and P = sigmoid(Z2)?"""
    X, y, W1, b1, W2, b2 = _two_layer_problem(3)
    P, (cX, Z1, A1, Z2, cP) = bp.forward(X, W1, b1, W2, b2)
    assert (cX.shape, Z1.shape, A1.shape, Z2.shape, P.shape) == (
        (7, 4),
        (7, 6),
        (7, 6),
        (7, 1),
        (7, 1),
    )
    np.testing.assert_array_equal(cX, X)
    np.testing.assert_allclose(Z1, X @ W1 + b1)
    np.testing.assert_array_equal(A1, np.maximum(Z1, 0.0))
    np.testing.assert_allclose(Z2, A1 @ W2 + b2)
    np.testing.assert_array_equal(cP, P)


def test_seed_7_4_agrees_with_ours() -> None:
    """Would the seed's 7.4 forward/loss/backward give the same numbers as ours?"""
    seed = SEED.load_seed_module("7.4")
    for s in range(3):
        X, y, W1, b1, W2, b2 = _two_layer_problem(10 + s, n=9, d_in=3, d_h=5)
        P_seed, cache_seed = seed.forward(X, W1, b1, W2, b2)
        P_ours, cache_ours = bp.forward(X, W1, b1, W2, b2)
        for a, b in zip(cache_seed, cache_ours, strict=True):
            np.testing.assert_allclose(a, b, rtol=1e-13)
        assert seed.loss_fn(X, y, W1, b1, W2, b2) == pytest.approx(
            bp.loss_fn(X, y, W1, b1, W2, b2), rel=1e-13
        )
        for a, b in zip(
            seed.backward(y, cache_seed, W2), bp.backward(y, cache_ours, W2), strict=True
        ):
            np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-16)


# --- 7.5 logistic regression overfit test --------------------------------------------


def _seed_7_5_data() -> tuple[np.ndarray, np.ndarray]:
    """The seed's 7.5 data set, drawn with np.random.seed(1) semantics."""
    rs = np.random.RandomState(1)
    n = 16
    X_pos = rs.randn(n // 2, 2) + np.array([2.0, 2.0])
    X_neg = rs.randn(n // 2, 2) + np.array([-2.0, -2.0])
    X = np.vstack([X_pos, X_neg])
    y = np.vstack([np.ones((n // 2, 1)), np.zeros((n // 2, 1))])
    return X, y


def _accuracy(X: np.ndarray, y: np.ndarray, w: np.ndarray, b: float) -> float:
    pred = (lr75.sigmoid(X @ w + b) >= 0.5).astype(int)
    return float(np.mean(pred == y.astype(int)))


def test_seed_asserts_7_5_loss_decreases_and_accuracy_above_95_percent() -> None:
    """Seed 7.5 on its own data: does the loss go down and training accuracy exceed 95%?"""
    X, y = _seed_7_5_data()
    w, b, losses = lr75.train_logistic_regression(X, y, lr=0.2, steps=400)
    loss0 = losses[0]
    loss_end = lr75.bce(y, lr75.sigmoid(X @ w + b))
    assert loss_end <= loss0
    assert _accuracy(X, y, w, b) > 0.95


def test_seed_7_5_training_loop_agrees_with_ours() -> None:
    """Replaying the seed's 7.5 loop on the same data: same w, b, and first loss?"""
    X, y = _seed_7_5_data()
    replay = SEED.run_seed_7_5_loop(X, y)
    w, b, losses = lr75.train_logistic_regression(X, y, lr=0.2, steps=400)
    np.testing.assert_allclose(w, replay["w"], rtol=1e-12)
    assert b == pytest.approx(replay["b"], rel=1e-12)
    assert losses[0] == replay["loss0"]
    seed = SEED.load_seed_module("7.5")
    z = np.random.default_rng(0).normal(scale=30.0, size=40)
    np.testing.assert_allclose(lr75.sigmoid(z), seed.sigmoid(z), rtol=1e-12, atol=1e-200)


def test_logistic_regression_steps_match_torch_gradient_descent() -> None:
    """Are our 25 GD steps the same as torch SGD on BCE-with-logits from zeros (d = 3)?"""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 3))
    y = (rng.random((10, 1)) < 0.5).astype(float)
    w, b, losses = lr75.train_logistic_regression(X, y, lr=0.3, steps=25)

    tw = torch.zeros((3, 1), dtype=torch.float64, requires_grad=True)
    tb = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    sgd = torch.optim.SGD([tw, tb], lr=0.3)
    torch_losses = []
    for _ in range(25):
        sgd.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            torch.tensor(X) @ tw + tb, torch.tensor(y)
        )
        torch_losses.append(loss.item())
        loss.backward()
        sgd.step()
    np.testing.assert_allclose(w, tw.detach().numpy(), rtol=1e-12)
    assert isinstance(b, float) and b == pytest.approx(tb.item(), rel=1e-12)
    np.testing.assert_allclose(losses, torch_losses, rtol=1e-12)


def test_make_separable_data_shapes_labels_and_reproducibility() -> None:
    """(n, 2) inputs, (n, 1) labels 1 then 0, blobs on the right sides, same seed same data?"""
    X, y = lr75.make_separable_data()
    assert X.shape == (16, 2) and y.shape == (16, 1)
    np.testing.assert_array_equal(y[:8], 1.0)
    np.testing.assert_array_equal(y[8:], 0.0)
    assert X[:8].mean(axis=0) == pytest.approx([2.0, 2.0], abs=1.0)
    assert X[8:].mean(axis=0) == pytest.approx([-2.0, -2.0], abs=1.0)
    X2, _ = lr75.make_separable_data()
    X3, _ = lr75.make_separable_data(seed=2)
    np.testing.assert_array_equal(X, X2)
    assert not np.array_equal(X, X3)
    X8, y8 = lr75.make_separable_data(n=8, seed=3)
    assert X8.shape == (8, 2) and y8.sum() == 4


def _blobs(rng: np.random.Generator, center: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    X = np.vstack(
        [rng.normal(size=(n, center.size)) + center, rng.normal(size=(n, center.size)) - center]
    )
    y = np.vstack([np.ones((n, 1)), np.zeros((n, 1))])
    return X, y


@pytest.mark.parametrize(
    "name",
    ["default", "eight_points", "anti_diagonal", "three_dims"],
)
def test_logistic_regression_overfits_separable_data(name: str) -> None:
    """Loss never increases and accuracy > 95%: on the default data, 8 points, blobs along
    (+2, -2) / (-2, +2), and blobs in three dimensions?"""
    rng = np.random.default_rng(7)
    X, y = {
        "default": lambda: lr75.make_separable_data(),
        "eight_points": lambda: lr75.make_separable_data(n=8, seed=5),
        "anti_diagonal": lambda: _blobs(rng, np.array([2.0, -2.0]), 8),
        "three_dims": lambda: _blobs(rng, np.array([1.5, -1.5, 1.5]), 8),
    }[name]()
    w, b, losses = lr75.train_logistic_regression(X, y)
    assert w.shape == (X.shape[1], 1) and len(losses) == 400
    assert np.all(np.diff(losses) <= 1e-15), "full-batch GD with this lr must not go uphill"
    assert losses[-1] < 0.1 * losses[0]
    assert _accuracy(X, y, w, b) > 0.95


def test_logistic_regression_accepts_flat_labels_and_lists() -> None:
    """Labels of shape (n,) and list inputs: same result as (n, 1) arrays?"""
    X, y = lr75.make_separable_data(n=10, seed=4)
    w1, b1, l1 = lr75.train_logistic_regression(X, y, steps=20)
    w2, b2, l2 = lr75.train_logistic_regression(X.tolist(), y.ravel().tolist(), steps=20)
    np.testing.assert_allclose(w1, w2)
    assert b1 == pytest.approx(b2) and l1 == pytest.approx(l2)


# --- 7.6 optimizers on a quadratic ---------------------------------------------------


def test_seed_asserts_7_6_sgd_and_corrected_adam_reach_3() -> None:
    """Seed 7.6: SGD(10, lr 0.1, 50 steps) and Adam(10, lr 0.2, 200 steps; seed had 50) reach 3?"""
    w_sgd = opt76.sgd(w0=10.0, lr=0.1, steps=50)
    w_adam = opt76.adam(w0=10.0, lr=0.2, steps=200)
    assert abs(w_sgd - 3.0) < 1e-2
    assert abs(w_adam - 3.0) < 1e-2


def test_seed_adam_assert_with_50_steps_is_really_false() -> None:
    """Why the seed's Adam check changed: after 50 steps at lr 0.2 is Adam still > 1e-2 away?"""
    seed = SEED.load_seed_module("7.6")
    for adam in (opt76.adam, seed.adam):
        w = adam(w0=10.0, lr=0.2, steps=50)
        assert abs(w - 3.0) > 1e-2
        assert w == pytest.approx(2.96594, abs=1e-5)
    # ...and the corrected step count is not a lucky stopping point.
    assert max(abs(opt76.adam(10.0, 0.2, steps) - 3.0) for steps in range(180, 401)) < 1e-3


@pytest.mark.parametrize(
    "w0, lr, steps", [(10.0, 0.1, 50), (-4.0, 0.3, 7), (3.5, 0.9, 12), (0.0, 0.01, 100)]
)
def test_sgd_follows_the_closed_form(w0: float, lr: float, steps: int) -> None:
    """Does SGD on (w - 3)^2 give exactly w_k = 3 + (w0 - 3)(1 - 2 lr)^k?"""
    expected = 3.0 + (w0 - 3.0) * (1.0 - 2.0 * lr) ** steps
    assert opt76.sgd(w0, lr, steps) == pytest.approx(expected, rel=1e-12, abs=1e-12)


def _torch_adam_trajectory(w0: float, lr: float, steps: int, **kw: object) -> list[float]:
    w = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    optim = torch.optim.Adam([w], lr=lr, **kw)
    out = []
    for _ in range(steps):
        optim.zero_grad()
        ((w - 3.0) ** 2).backward()
        optim.step()
        out.append(w.item())
    return out


@pytest.mark.parametrize(
    "w0, lr, kw",
    [(10.0, 0.2, {}), (-2.0, 0.05, {"betas": (0.8, 0.99)}), (3.1, 0.01, {"eps": 1e-3})],
)
def test_adam_matches_torch_adam_step_by_step(w0: float, lr: float, kw: dict[str, object]) -> None:
    """For 1..30 steps, is our Adam at the same point as torch.optim.Adam?"""
    trajectory = _torch_adam_trajectory(w0, lr, 30, **kw)
    beta1, beta2 = kw.get("betas", (0.9, 0.999))  # type: ignore[misc]
    eps = float(kw.get("eps", 1e-8))  # type: ignore[arg-type]
    for k, expected in enumerate(trajectory, start=1):
        got = opt76.adam(w0, lr, k, beta1=beta1, beta2=beta2, eps=eps)
        assert got == pytest.approx(expected, rel=1e-12, abs=1e-12), f"step {k}"


def test_adam_first_step_moves_by_lr_whatever_the_gradient_scale() -> None:
    """Bias correction: is Adam's first step ~lr long, for gradients of size 0.2 and 2000?"""
    for w0 in (3.1, 1003.0):
        assert opt76.adam(w0, lr=0.05, steps=1) == pytest.approx(w0 - 0.05, abs=1e-6)


def test_seed_7_6_agrees_with_ours() -> None:
    """Would the seed's sgd and adam give the same numbers as ours on random settings?"""
    seed = SEED.load_seed_module("7.6")
    rng = np.random.default_rng(0)
    for _ in range(10):
        w0 = float(rng.normal(scale=10.0))
        lr = float(rng.uniform(0.01, 0.5))
        steps = int(rng.integers(1, 120))
        assert seed.sgd(w0, lr, steps) == pytest.approx(opt76.sgd(w0, lr, steps), rel=1e-12)
        assert seed.adam(w0, lr, steps) == pytest.approx(
            opt76.adam(w0, lr, steps), rel=1e-12, abs=1e-12
        )


# --- 7.7 gradient clipping -----------------------------------------------------------


def test_seed_asserts_7_7_big_gradient_clipped_small_one_kept() -> None:
    """Seed 7.7: is [3, 4] clipped to norm <= 1, and is [0.3, 0.4] left alone?"""
    g_clip = clip.clip_by_norm(np.array([3.0, 4.0]), max_norm=1.0)
    assert np.linalg.norm(g_clip) <= 1.0 + 1e-12
    g_small = np.array([0.3, 0.4])
    assert np.allclose(g_small, clip.clip_by_norm(g_small, max_norm=1.0))


@pytest.mark.parametrize("max_norm", [0.5, 3.0, 100.0])
def test_clip_by_norm_matches_torch_clip_grad_norm(max_norm: float) -> None:
    """On a (2, 3, 4) gradient: same result as torch's clip_grad_norm_, norm <= max_norm,
    direction unchanged, and untouched below the threshold?"""
    g = np.random.default_rng(0).normal(size=(2, 3, 4))  # norm ~4.9
    p = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor(g)
    torch.nn.utils.clip_grad_norm_([p], max_norm=max_norm)
    g_before = g.copy()
    got = clip.clip_by_norm(g, max_norm)
    np.testing.assert_array_equal(g, g_before)  # the caller's array is not modified
    assert got.shape == g.shape
    np.testing.assert_allclose(got, p.grad.numpy(), rtol=1e-5)  # torch adds 1e-6 to the norm
    assert np.linalg.norm(got) <= max_norm * (1.0 + 1e-12)
    scale = got / g
    np.testing.assert_allclose(scale, scale.flat[0], rtol=1e-12)  # a positive multiple of g
    assert scale.flat[0] > 0
    if np.linalg.norm(g) <= max_norm:
        np.testing.assert_array_equal(got, g)
    else:
        assert np.linalg.norm(got) == pytest.approx(max_norm, rel=1e-12)


def test_clip_by_norm_uses_the_global_norm_not_per_entry_clipping() -> None:
    """[10, 0.1] with max_norm 1: rescaled as a whole (not entry-wise to [1, 0.1])?"""
    got = clip.clip_by_norm([10.0, 0.1], 1.0)
    np.testing.assert_allclose(got, np.array([10.0, 0.1]) / np.hypot(10.0, 0.1), rtol=1e-14)


def test_clip_by_norm_leaves_zero_gradient_alone() -> None:
    """Does an all-zero gradient come back as zeros, without a division warning?"""
    with np.errstate(all="raise"):
        got = clip.clip_by_norm(np.zeros((3, 2)), 1.0)
    np.testing.assert_array_equal(got, np.zeros((3, 2)))


def test_seed_7_7_agrees_with_ours() -> None:
    """Would the seed's clip_by_norm give the same arrays as ours, above and below threshold?"""
    seed = SEED.load_seed_module("7.7")
    rng = np.random.default_rng(1)
    for max_norm in (0.1, 1.0, 10.0):
        g = rng.normal(size=(4, 3))
        np.testing.assert_allclose(seed.clip_by_norm(g, max_norm), clip.clip_by_norm(g, max_norm))
    np.testing.assert_array_equal(
        seed.clip_by_norm(np.zeros(3), 1.0), clip.clip_by_norm(np.zeros(3), 1.0)
    )


# --- neural_network.py: MLP ----------------------------------------------------------

TORCH_ACT = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


@pytest.mark.parametrize(
    "sizes", [[3, 2], [4, 5, 1], [3, 6, 4, 2], [5, 4, 4, 3, 3]], ids=["L1", "L2", "L3", "L4"]
)
@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_mlp_backward_matches_torch_autograd(sizes: list[int], activation: str) -> None:
    """For 1 to 4 layers, each activation, and several outputs: are the gradients torch's?"""
    rng = np.random.default_rng(len(sizes))
    model = nn_mod.MLP(sizes, activation=activation, seed=len(sizes))
    for i in range(1, len(model.params), 2):  # non-zero biases so every term is exercised
        model.params[i] += rng.normal(scale=0.2, size=model.params[i].shape)
    X = rng.normal(size=(6, sizes[0]))
    Y = (rng.random((6, sizes[-1])) < 0.5).astype(float)

    P = model.forward(X)
    grads = model.backward(Y)

    tparams = [torch.tensor(p, requires_grad=True) for p in model.params]
    A = torch.tensor(X)
    for layer in range(len(sizes) - 1):
        Z = A @ tparams[2 * layer] + tparams[2 * layer + 1]
        A = torch.sigmoid(Z) if layer == len(sizes) - 2 else TORCH_ACT[activation](Z)
    loss = torch.nn.functional.binary_cross_entropy(A, torch.tensor(Y))
    loss.backward()

    np.testing.assert_allclose(P, A.detach().numpy(), rtol=1e-13)
    assert model.loss(X, Y) == pytest.approx(loss.item(), rel=1e-12)
    assert len(grads) == len(model.params)
    for k, (g, t) in enumerate(zip(grads, tparams, strict=True)):
        assert t.grad is not None
        assert g.shape == t.shape, f"grad {k}"
        np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-10, atol=1e-14, err_msg=f"grad {k}")


def test_mlp_init_shapes_reproducibility_and_errors() -> None:
    """params are [W1, b1, ...] with W (d_in, d_out), zero b; same seed same weights;
    a bad activation, or fewer than two sizes, is a ValueError; backward needs a forward."""
    model = nn_mod.MLP([2, 8, 3, 1], seed=5)
    assert [p.shape for p in model.params] == [(2, 8), (8,), (8, 3), (3,), (3, 1), (1,)]
    for b in model.params[1::2]:
        np.testing.assert_array_equal(b, 0.0)
    again = nn_mod.MLP([2, 8, 3, 1], seed=5)
    other = nn_mod.MLP([2, 8, 3, 1], seed=6)
    for a, b in zip(model.params, again.params, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(model.params[0], other.params[0])
    with pytest.raises(ValueError):
        nn_mod.MLP([2, 3, 1], activation="gelu")
    with pytest.raises(ValueError):
        nn_mod.MLP([2])
    with pytest.raises(RuntimeError):
        model.backward(np.zeros((4, 1)))


# --- neural_network.py: optimizers ---------------------------------------------------


def _random_problem(seed: int) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    rng = np.random.default_rng(seed)
    params = [rng.normal(size=(3, 4)), rng.normal(size=4)]
    grads = [[rng.normal(scale=s, size=p.shape) for p in params] for s in np.geomspace(3, 0.01, 12)]
    return params, grads


def _torch_run(
    make: Callable[[list[torch.Tensor]], torch.optim.Optimizer],
    params: list[np.ndarray],
    grad_seq: list[list[np.ndarray]],
) -> list[list[np.ndarray]]:
    tparams = [torch.tensor(p, requires_grad=True) for p in params]
    optim = make(tparams)
    history = []
    for grads in grad_seq:
        for t, g in zip(tparams, grads, strict=True):
            t.grad = torch.tensor(g)
        optim.step()
        history.append([t.detach().numpy().copy() for t in tparams])
    return history


def _our_run(
    optim: nn_mod.Optimizer, params: list[np.ndarray], grad_seq: list[list[np.ndarray]]
) -> list[list[np.ndarray]]:
    params = [p.copy() for p in params]
    ids = [id(p) for p in params]
    history = []
    for grads in grad_seq:
        optim.step(params, grads)
        assert [id(p) for p in params] == ids, "step must update the arrays in place"
        history.append([p.copy() for p in params])
    return history


@pytest.mark.parametrize(
    "name, ours, theirs",
    [
        ("sgd", lambda: nn_mod.SGD(lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
        (
            "momentum_beta_0.9",
            lambda: nn_mod.Momentum(lr=0.05, beta=0.9),
            lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9),
        ),
        (
            "momentum_beta_0.5",
            lambda: nn_mod.Momentum(lr=0.2, beta=0.5),
            lambda ps: torch.optim.SGD(ps, lr=0.2, momentum=0.5),
        ),
        ("adam", lambda: nn_mod.Adam(lr=0.01), lambda ps: torch.optim.Adam(ps, lr=0.01)),
        (
            "adam_custom",
            lambda: nn_mod.Adam(lr=0.1, beta1=0.8, beta2=0.99, eps=1e-4),
            lambda ps: torch.optim.Adam(ps, lr=0.1, betas=(0.8, 0.99), eps=1e-4),
        ),
    ],
)
def test_optimizer_matches_torch_optim_on_random_gradient_sequences(
    name: str,
    ours: Callable[[], nn_mod.Optimizer],
    theirs: Callable[[list[torch.Tensor]], torch.optim.Optimizer],
) -> None:
    """After each of 12 steps with shrinking random gradients, same params as torch.optim?"""
    params, grad_seq = _random_problem(seed=len(name))
    expected = _torch_run(theirs, params, grad_seq)
    got = _our_run(ours(), params, grad_seq)
    for step, (g_step, e_step) in enumerate(zip(got, expected, strict=True), start=1):
        for g, e in zip(g_step, e_step, strict=True):
            np.testing.assert_allclose(g, e, rtol=1e-12, atol=1e-13, err_msg=f"step {step}")


def test_adam_first_step_is_lr_long_in_every_coordinate() -> None:
    """Bias correction: on step 1, does each entry move by ~lr against its gradient's sign?"""
    params = [np.zeros(4)]
    nn_mod.Adam(lr=0.01).step(params, [np.array([1e-3, -5.0, 200.0, -0.3])])
    np.testing.assert_allclose(params[0], [-0.01, 0.01, -0.01, 0.01], rtol=1e-4)


# --- neural_network.py: training and XOR ---------------------------------------------


def test_train_records_one_loss_per_epoch_before_each_update() -> None:
    """train: history length = epochs, history[0] = initial loss, and the loss goes down?"""
    X, Y = nn_mod.xor_data()
    model = nn_mod.MLP([2, 4, 1], seed=1)
    initial = model.loss(X, Y)
    history = nn_mod.train(model, X, Y, nn_mod.SGD(lr=0.5), epochs=50)
    assert len(history) == 50
    assert history[0] == pytest.approx(initial, rel=1e-14)
    assert history[-1] < history[0]


def test_train_xor_solves_xor_from_ten_seeds_out_of_ten() -> None:
    """Reliability: for seeds 0..9, are all four XOR outputs right with a small final loss?"""
    X, Y = nn_mod.xor_data()
    for seed in range(10):
        model, history = nn_mod.train_xor(seed=seed)
        P = model.forward(X)
        assert np.array_equal(P > 0.5, Y > 0.5), f"seed {seed}: predictions {P.ravel()}"
        assert model.loss(X, Y) < 0.01, f"seed {seed}"
        assert len(history) == 2000


def test_xor_with_momentum_also_trains() -> None:
    """Is the Optimizer interface really interchangeable: does Momentum also fit XOR?"""
    X, Y = nn_mod.xor_data()
    model = nn_mod.MLP([2, 8, 1], activation="tanh", seed=3)
    history = nn_mod.train(model, X, Y, nn_mod.Momentum(lr=0.1, beta=0.9), epochs=2000)
    assert history[-1] < 0.05
    assert np.array_equal(model.forward(X) > 0.5, Y > 0.5)


# --- overfit_test.py -----------------------------------------------------------------


def _xor() -> tuple[np.ndarray, np.ndarray]:
    return np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]), np.array(
        [[0.0], [1.0], [1.0], [0.0]]
    )


def test_given_backward_of_overfit_module_matches_torch() -> None:
    """The given two-layer backward (tanh, sigmoid, mean BCE, 2 outputs): torch's gradients?"""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5, 3))
    Y = (rng.random((5, 2)) < 0.5).astype(float)
    params = ovf.init_params(3, 4, 2, seed=1)
    params[1] = rng.normal(size=4)
    P, cache = ovf.forward(params, X)
    grads = ovf.backward(params, cache, Y)
    t = [torch.tensor(p, requires_grad=True) for p in params]
    tP = torch.sigmoid(torch.tanh(torch.tensor(X) @ t[0] + t[1]) @ t[2] + t[3])
    torch.nn.functional.binary_cross_entropy(tP, torch.tensor(Y)).backward()
    for g, tt in zip(grads, t, strict=True):
        assert tt.grad is not None
        np.testing.assert_allclose(g, tt.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_run_overfit_test_memorises_xor() -> None:
    """The required check: does the overfit test bring the XOR loss below 0.01?"""
    final = ovf.run_overfit_test()
    assert isinstance(final, float) and final < 0.01


@pytest.mark.parametrize("data_seed", [0, 1, 2, 3])
def test_overfit_memorises_random_labels_on_tiny_data_sets(data_seed: int) -> None:
    """8-16 Gaussian points in 2-4 dims with random 0/1 labels: is the final loss < 0.01?"""
    rng = np.random.default_rng(1000 + data_seed)
    n, d = int(rng.integers(8, 17)), int(rng.integers(2, 5))
    X = rng.normal(size=(n, d))
    Y = (rng.random((n, 1)) < 0.5).astype(float)
    params, history = ovf.overfit(X, Y, seed=data_seed)
    assert len(history) == 3000 and history[-1] < 0.01 < history[0]
    assert ovf.loss(params, X, Y) < 0.01, f"n={n}, d={d}"
    assert np.array_equal(ovf.forward(params, X)[0] > 0.5, Y > 0.5)


def test_overfit_handles_several_outputs() -> None:
    """Two independent random label columns (Y of shape (12, 2)): memorised too?"""
    rng = np.random.default_rng(77)
    X = rng.normal(size=(12, 3))
    Y = (rng.random((12, 2)) < 0.5).astype(float)
    params, _ = ovf.overfit(X, Y, hidden=10)
    assert params[2].shape == (10, 2)
    assert ovf.loss(params, X, Y) < 0.01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_check_is_tiny_for_correct_gradients_and_leaves_params_alone(seed: int) -> None:
    """Correct gradients: max relative error < 1e-6; and every parameter is bit-for-bit restored?"""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 3))
    Y = (rng.random((6, 2)) < 0.5).astype(float)
    params = ovf.init_params(3, 5, 2, seed=seed)
    P, cache = ovf.forward(params, X)
    grads = ovf.backward(params, cache, Y)
    before = [p.copy() for p in params]
    assert ovf.gradient_check(params, X, Y, grads) < 1e-6
    for a, b in zip(params, before, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "bug",
    ["times_n", "no_tanh_derivative", "transposed_dW1", "wrong_sign_db1", "one_entry_off"],
)
def test_gradient_check_flags_corrupted_gradients(bug: str) -> None:
    """Typical backprop bugs (gradient times n, a skipped activation derivative, a
    transpose, a sign, one wrong entry): is the reported max relative error > 0.1?"""
    X, Y = _xor()
    params = ovf.init_params(2, 2, 1, seed=0)
    params[0] = np.array([[0.5, -1.0], [1.5, 0.3]])  # square W1 so a transpose still fits
    params[2] = np.array([[0.7], [-0.4]])
    _, cache = ovf.forward(params, X)
    g = ovf.backward(params, cache, Y)
    n = X.shape[0]
    _, H, P = cache
    dH_no_deriv = ((P - Y) / P.size) @ params[2].T  # forgot the (1 - H^2) factor
    corrupted = {
        "times_n": [x * n for x in g],
        "no_tanh_derivative": [X.T @ dH_no_deriv, dH_no_deriv.sum(axis=0), g[2], g[3]],
        "transposed_dW1": [g[0].T, g[1], g[2], g[3]],
        "wrong_sign_db1": [g[0], -g[1], g[2], g[3]],
        "one_entry_off": [g[0], g[1], g[2] + np.array([[0.0], [0.05]]), g[3]],
    }[bug]
    assert ovf.gradient_check(params, X, Y, g) < 1e-6
    assert ovf.gradient_check(params, X, Y, corrupted) > 0.1
