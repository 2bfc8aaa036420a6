"""Reference solutions for week 17 (exercises 7.1-7.3 and "MLP forward"), checked against
independent oracles: torch autograd, scipy.special, finite differences, explicit loops.
The seed module's own code (tests/seed_reference.py) must agree with ours."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import types
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
import scipy.special
import torch

from solutions.week17 import ex7_1_activations as act
from solutions.week17 import ex7_2_dense as dense
from solutions.week17 import ex7_3_softmax as sm
from solutions.week17 import mlp_forward as mlp
from workbook.regions import find_regions, stub_source

WEEK17_MODULES = [act, dense, sm, mlp]


def _load_seed_reference() -> types.ModuleType:
    # Loaded by path so the tests work whether or not tests/ is a package.
    path = Path(__file__).with_name("seed_reference.py")
    spec = importlib.util.spec_from_file_location("seed_reference", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SEED = _load_seed_reference()


@contextmanager
def no_float_warnings() -> Iterator[None]:
    """Overflow, invalid operations, division by zero and any warning become errors.

    Underflow (exp(-2000) -> 0) is harmless and stays allowed.
    """
    with np.errstate(over="raise", invalid="raise", divide="raise"), warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def torch_grad(fn: Callable[[torch.Tensor], torch.Tensor], z: np.ndarray) -> np.ndarray:
    """d/dz of sum(fn(z)) by torch autograd, for an element-wise torch function fn."""
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    fn(t).sum().backward()
    assert t.grad is not None
    return t.grad.numpy()


# --- modules as a whole --------------------------------------------------------------


@pytest.mark.parametrize("module", WEEK17_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
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


@pytest.mark.parametrize("module", WEEK17_MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[1])
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
        assert "." not in region.function  # week 17 has no classes
        fn = getattr(stub, region.function)
        with pytest.raises(NotImplementedError, match=region.function):
            fn(*[np.ones((2, 2))] * _required_positional(fn))


def _required_positional(fn: Callable[..., object]) -> int:
    params = inspect.signature(fn).parameters.values()
    return sum(p.default is inspect.Parameter.empty for p in params)


# --- 7.1 activations -----------------------------------------------------------------


def test_seed_assert_7_1_central_difference_matches_sigmoid_deriv() -> None:
    """Seed 7.1: on z = randn(10) (seed 0), does num_derivative(sigmoid) match sigmoid_deriv?"""
    z = np.random.RandomState(0).randn(10)
    g_num = act.num_derivative(act.sigmoid, z)
    g_ana = act.sigmoid_deriv(z)
    assert np.allclose(g_num, g_ana, rtol=1e-5, atol=1e-6)


def test_sigmoid_and_relu_match_torch() -> None:
    """Do sigmoid and relu agree with torch on ordinary inputs?"""
    z = np.random.default_rng(0).normal(scale=5.0, size=(6, 7))
    zt = torch.tensor(z)
    np.testing.assert_allclose(act.sigmoid(z), torch.sigmoid(zt).numpy(), rtol=1e-14, atol=0)
    np.testing.assert_array_equal(act.relu(z), torch.relu(zt).numpy())


def test_sigmoid_is_finite_and_warning_free_at_plus_minus_1000() -> None:
    """Does sigmoid survive +-1000 with no overflow warning, giving exactly 0 and 1 limits?"""
    z = np.array([-1000.0, -745.0, -40.0, 0.0, 40.0, 1000.0])
    with no_float_warnings():
        s = act.sigmoid(z)
        d = act.sigmoid_deriv(z)
    np.testing.assert_allclose(s, torch.sigmoid(torch.tensor(z)).numpy(), rtol=1e-14, atol=1e-300)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert np.all(np.isfinite(d)) and d[0] == 0.0 and d[-1] == 0.0


def test_derivatives_match_torch_autograd() -> None:
    """Do sigmoid_deriv and relu_deriv equal torch autograd, including relu's kink at 0?"""
    z = np.random.default_rng(1).normal(scale=3.0, size=(5, 4))
    z[0, :2] = 0.0  # torch's relu gradient at 0 is 0: ours must agree
    np.testing.assert_allclose(act.sigmoid_deriv(z), torch_grad(torch.sigmoid, z), rtol=1e-12)
    np.testing.assert_array_equal(act.relu_deriv(z), torch_grad(torch.relu, z))
    assert act.relu_deriv(z).dtype == np.float64


@pytest.mark.parametrize("f, df", [(np.sin, np.cos), (np.exp, np.exp)], ids=["sin", "exp"])
def test_num_derivative_error_is_second_order_in_h(
    f: Callable[[np.ndarray], np.ndarray], df: Callable[[np.ndarray], np.ndarray]
) -> None:
    """Is the central difference O(h^2): does halving h divide the error by about 4?"""
    z = np.array([-1.3, 0.4, 1.1, 2.0])  # points where the third derivative is not ~0
    errors = [np.abs(act.num_derivative(f, z, h=h) - df(z)) for h in (1e-2, 5e-3, 2.5e-3)]
    for coarse, fine in zip(errors[:-1], errors[1:], strict=True):
        np.testing.assert_allclose(coarse / fine, 4.0, rtol=0.02)


def test_num_derivative_default_h_is_accurate_for_smooth_functions() -> None:
    """With the default h, is num_derivative within ~1e-9 of tanh's exact derivative?"""
    z = np.linspace(-3.0, 3.0, 13)
    np.testing.assert_allclose(
        act.num_derivative(np.tanh, z), 1.0 - np.tanh(z) ** 2, rtol=0, atol=1e-9
    )


def test_activations_accept_python_lists() -> None:
    """Do the 7.1 functions accept plain lists and return float64 arrays?"""
    for fn in (act.sigmoid, act.sigmoid_deriv, act.relu, act.relu_deriv):
        out = fn([-1.0, 0.0, 2.0])
        assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == (3,)
    np.testing.assert_allclose(act.num_derivative(np.square, [1.0, 2.0]), [2.0, 4.0], atol=1e-8)


def test_seed_7_1_functions_agree_with_ours() -> None:
    """Would a student who pastes the seed's 7.1 code compute the same values as ours?"""
    seed = SEED.load_seed_module("7.1")
    z = np.random.default_rng(2).normal(scale=4.0, size=50)
    z[:3] = [0.0, -700.0, 700.0]
    for name in ("sigmoid", "sigmoid_deriv", "relu", "relu_deriv"):
        np.testing.assert_allclose(
            getattr(seed, name)(z), getattr(act, name)(z), rtol=1e-12, atol=1e-200
        )
    np.testing.assert_allclose(
        seed.num_derivative(np.sin, z), act.num_derivative(np.sin, z), rtol=1e-12, atol=1e-12
    )


# --- 7.2 dense layer -----------------------------------------------------------------


def test_seed_asserts_7_2_shape_and_loop_equivalence() -> None:
    """Seed 7.2: is Z of shape (n, d_out), and equal to a row-by-row loop?"""
    rs = np.random.RandomState(1)
    n, d_in, d_out = 5, 3, 4
    X = rs.randn(n, d_in)
    W = rs.randn(d_in, d_out)
    b = rs.randn(d_out)
    Z = dense.dense_forward(X, W, b)
    assert Z.shape == (n, d_out)
    Z_loop = np.zeros_like(Z)
    for i in range(n):
        Z_loop[i] = X[i] @ W + b
    assert np.allclose(Z, Z_loop)


def test_dense_forward_matches_torch_linear_on_non_square_shapes() -> None:
    """Does X @ W + b equal torch's F.linear (which stores W as (d_out, d_in))?"""
    rng = np.random.default_rng(3)
    X, W, b = rng.normal(size=(7, 3)), rng.normal(size=(3, 5)), rng.normal(size=5)
    expected = torch.nn.functional.linear(torch.tensor(X), torch.tensor(W.T), torch.tensor(b))
    np.testing.assert_allclose(dense.dense_forward(X, W, b), expected.numpy(), rtol=1e-13)


def test_dense_forward_accepts_lists_and_a_single_example_batch() -> None:
    """Do lists work, and does a batch of one keep its batch axis?"""
    Z = dense.dense_forward([[1.0, 2.0]], [[1.0, 0.0, 2.0], [0.0, 1.0, 1.0]], [0.5, 0.0, -1.0])
    np.testing.assert_allclose(Z, [[1.5, 2.0, 3.0]])


def test_seed_7_2_agrees_with_ours() -> None:
    """Would the seed's dense_forward give the same outputs as ours?"""
    seed = SEED.load_seed_module("7.2")
    rng = np.random.default_rng(4)
    X, W, b = rng.normal(size=(9, 4)), rng.normal(size=(4, 2)), rng.normal(size=2)
    np.testing.assert_allclose(seed.dense_forward(X, W, b), dense.dense_forward(X, W, b))


# --- 7.3 softmax, logsumexp, cross-entropy -------------------------------------------


def test_seed_asserts_7_3_softmax_and_cross_entropy() -> None:
    """Seed 7.3: softmax sums to 1 with argmax 0; is a confident correct guess cheaper?"""
    p = sm.softmax(np.array([[10.0, 0.0, -10.0]]))
    assert np.isclose(np.sum(p), 1.0)
    assert np.argmax(p) == 0
    y_true = np.array([[1.0, 0.0, 0.0]])
    loss_good = sm.categorical_cross_entropy(y_true, np.array([[0.9, 0.05, 0.05]]))
    loss_bad = sm.categorical_cross_entropy(y_true, np.array([[0.4, 0.3, 0.3]]))
    assert loss_good < loss_bad


def _extreme_logits() -> np.ndarray:
    rng = np.random.default_rng(5)
    z = rng.normal(scale=3.0, size=(3, 4, 5))
    z[0, 0, 0], z[1, 2, 3], z[2, 3, 4] = 1000.0, -1000.0, 999.0
    z[2, 1, :] = -1000.0 + np.arange(5)  # a whole row of hugely negative logits
    return z


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp_matches_scipy_and_torch_with_logits_of_1000(axis: int, keepdims: bool) -> None:
    """For every axis, with and without keepdims, and logits +-1000: right and warning-free?"""
    z = _extreme_logits()
    with no_float_warnings():
        got = sm.logsumexp(z, axis=axis, keepdims=keepdims)
    expected = scipy.special.logsumexp(z, axis=axis, keepdims=keepdims)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    via_torch = torch.logsumexp(torch.tensor(z), dim=axis, keepdim=keepdims).numpy()
    np.testing.assert_allclose(got, via_torch, rtol=1e-13)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_softmax_matches_scipy_with_logits_of_1000(axis: int) -> None:
    """Does softmax equal scipy's along any axis, sum to 1, and raise no warnings at +-1000?"""
    z = _extreme_logits()
    with no_float_warnings():
        p = sm.softmax(z, axis=axis)
    np.testing.assert_allclose(p, scipy.special.softmax(z, axis=axis), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-14)


def test_softmax_is_shift_invariant() -> None:
    """Does adding a constant to every logit of a row leave softmax unchanged?"""
    z = np.random.default_rng(6).normal(size=(4, 6))
    np.testing.assert_allclose(sm.softmax(z + 123.0), sm.softmax(z), rtol=1e-12)


def test_cross_entropy_matches_torch_cross_entropy() -> None:
    """With probs = softmax(logits), does our CCE equal torch's F.cross_entropy on the logits?"""
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=2.0, size=(8, 5))
    labels = rng.integers(0, 5, size=8)
    onehot = np.eye(5)[labels]
    expected = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels))
    got = sm.categorical_cross_entropy(onehot, scipy.special.softmax(logits, axis=1))
    assert isinstance(got, float)
    np.testing.assert_allclose(got, expected.item(), rtol=1e-12)


def test_cross_entropy_with_zero_probabilities_is_finite() -> None:
    """A probability of exactly 0 on the true class: is the loss finite (about -log(eps))?"""
    y_true = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    y_pred = np.array([[0.0, 0.5, 0.5], [0.0, 1.0, 0.0]])
    with no_float_warnings():
        loss = sm.categorical_cross_entropy(y_true, y_pred)
    assert np.isfinite(loss)
    np.testing.assert_allclose(loss, -np.log(1e-15) / 2, rtol=1e-12)


def test_seed_7_3_agrees_with_ours() -> None:
    """Would the seed's 7.3 functions give the same numbers as ours on random inputs?"""
    seed = SEED.load_seed_module("7.3")
    z = np.random.default_rng(8).normal(scale=50.0, size=(6, 7))
    for axis in (0, 1, -1):
        for keepdims in (False, True):
            np.testing.assert_allclose(
                seed.logsumexp(z, axis=axis, keepdims=keepdims),
                sm.logsumexp(z, axis=axis, keepdims=keepdims),
                rtol=1e-13,
            )
        np.testing.assert_allclose(
            seed.softmax(z, axis=axis), sm.softmax(z, axis=axis), rtol=1e-10, atol=1e-300
        )
    y_true = np.eye(7)[np.random.default_rng(9).integers(0, 7, size=6)]
    p = sm.softmax(z)
    assert seed.categorical_cross_entropy(y_true, p) == pytest.approx(
        sm.categorical_cross_entropy(y_true, p), rel=1e-13
    )


# --- MLP forward ---------------------------------------------------------------------


def test_tanh_and_tanh_deriv_match_torch() -> None:
    """Do tanh and tanh_deriv agree with torch.tanh and its autograd gradient?"""
    z = np.random.default_rng(10).normal(scale=3.0, size=(4, 5))
    z[0, 0], z[0, 1] = 800.0, -800.0
    with no_float_warnings():
        t, dt = mlp.tanh(z), mlp.tanh_deriv(z)
    np.testing.assert_allclose(t, torch.tanh(torch.tensor(z)).numpy(), rtol=1e-14)
    np.testing.assert_allclose(dt, torch_grad(torch.tanh, z), rtol=1e-12, atol=1e-300)


def test_given_helpers_match_torch() -> None:
    """Are the given sigmoid/relu helpers (and their derivatives) right too?"""
    z = np.random.default_rng(11).normal(scale=3.0, size=20)
    np.testing.assert_allclose(mlp.sigmoid_deriv(z), torch_grad(torch.sigmoid, z), rtol=1e-12)
    np.testing.assert_array_equal(mlp.relu_deriv(z), torch_grad(torch.relu, z))


def test_softmax_jacobian_matches_torch_autograd_for_each_row() -> None:
    """Is J[i] the Jacobian of softmax at row i, as torch.autograd.functional.jacobian says?"""
    z = np.random.default_rng(12).normal(scale=2.0, size=(5, 4))
    J = mlp.softmax_jacobian(z)
    assert J.shape == (5, 4, 4)
    for i in range(5):
        expected = torch.autograd.functional.jacobian(
            lambda t: torch.softmax(t, dim=-1), torch.tensor(z[i])
        )
        np.testing.assert_allclose(J[i], expected.numpy(), rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_of_a_single_vector_is_k_by_k() -> None:
    """A 1-D input of length k: is the Jacobian (k, k), symmetric, with rows summing to 0?"""
    z = np.array([1.0, -2.0, 0.5])
    J = mlp.softmax_jacobian(z)
    expected = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, 0), torch.tensor(z))
    assert J.shape == (3, 3)
    np.testing.assert_allclose(J, expected.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(J, J.T, atol=1e-16)
    np.testing.assert_allclose(J.sum(axis=1), 0.0, atol=1e-16)


def test_mlp_softmax_is_warning_free_at_1000() -> None:
    """Does the MLP module's own softmax also survive logits of +-1000?"""
    z = _extreme_logits()
    with no_float_warnings():
        p = mlp.softmax(z, axis=-1)
        mlp.softmax_jacobian(z[0])
    np.testing.assert_allclose(p, scipy.special.softmax(z, axis=-1), rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize(
    "scheme, target_std",
    [("he", np.sqrt(2.0 / 400)), ("xavier", np.sqrt(2.0 / (400 + 300)))],
)
def test_init_params_statistics(scheme: str, target_std: float) -> None:
    """On a 400x300 layer, is the weights' std within 10% of the scheme's, mean ~0, b = 0?"""
    params = mlp.init_params([400, 300], np.random.default_rng(0), scheme=scheme)
    [(W, b)] = params
    assert W.shape == (400, 300) and b.shape == (300,)
    assert abs(W.std() / target_std - 1.0) < 0.1
    assert abs(W.mean()) < 0.1 * target_std
    np.testing.assert_array_equal(b, 0.0)


def test_init_params_shapes_and_reproducibility() -> None:
    """Shapes (d_{l-1}, d_l) per layer; the same rng seed gives the same weights, layer order."""
    sizes = [5, 7, 3, 2]
    a = mlp.init_params(sizes, np.random.default_rng(42))
    b = mlp.init_params(sizes, np.random.default_rng(42))
    c = mlp.init_params(sizes, np.random.default_rng(43))
    assert [W.shape for W, _ in a] == [(5, 7), (7, 3), (3, 2)]
    assert [bias.shape for _, bias in a] == [(7,), (3,), (2,)]
    for (Wa, ba), (Wb, bb) in zip(a, b, strict=True):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)
    assert not np.array_equal(a[0][0], c[0][0])
    # Drawn layer by layer as standard_normal(shape) * std from the caller's generator.
    rng = np.random.default_rng(42)
    for (W, _), (fan_in, fan_out) in zip(a, zip(sizes[:-1], sizes[1:], strict=True), strict=True):
        expected = rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
        np.testing.assert_allclose(W, expected, rtol=1e-15)


def test_init_params_rejects_unknown_scheme() -> None:
    """Does an unknown scheme raise ValueError?"""
    with pytest.raises(ValueError):
        mlp.init_params([3, 2], np.random.default_rng(0), scheme="uniform")


def _torch_mlp(
    params: list[tuple[np.ndarray, np.ndarray]], hidden: str, output: str
) -> torch.nn.Sequential:
    hidden_mod = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}
    output_mod = {
        "softmax": lambda: torch.nn.Softmax(dim=-1),
        "sigmoid": torch.nn.Sigmoid,
        "identity": torch.nn.Identity,
    }
    layers: list[torch.nn.Module] = []
    for index, (W, b) in enumerate(params):
        linear = torch.nn.Linear(W.shape[0], W.shape[1], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor(W.T))  # torch stores (d_out, d_in)
            linear.bias.copy_(torch.tensor(b))
        layers.append(linear)
        layers.append(hidden_mod[hidden]() if index < len(params) - 1 else output_mod[output]())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("sizes", [[4, 3], [4, 6, 3], [5, 8, 6, 4, 3]], ids=["1", "2", "4"])
@pytest.mark.parametrize("hidden", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
def test_mlp_forward_matches_torch_sequential(sizes: list[int], hidden: str, output: str) -> None:
    """Same weights in a torch nn.Sequential: same outputs, for 1, 2 and 4 layers?"""
    rng = np.random.default_rng(len(sizes))
    params = mlp.init_params(sizes, rng, scheme="xavier")
    params = [(W, rng.normal(scale=0.1, size=b.shape)) for W, b in params]  # non-zero biases
    X = rng.normal(size=(9, sizes[0]))
    got = mlp.mlp_forward(X, params, hidden_activation=hidden, output_activation=output)
    expected = _torch_mlp(params, hidden, output)(torch.tensor(X)).detach().numpy()
    assert got.shape == (9, sizes[-1])
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-14)


def test_mlp_forward_defaults_are_relu_then_softmax() -> None:
    """Without activation arguments: ReLU hidden layers and rows of probabilities?"""
    rng = np.random.default_rng(13)
    params = mlp.init_params([3, 5, 4], rng)
    X = rng.normal(size=(6, 3))
    expected = _torch_mlp(params, "relu", "softmax")(torch.tensor(X)).detach().numpy()
    np.testing.assert_allclose(mlp.mlp_forward(X, params), expected, rtol=1e-12)


@pytest.mark.parametrize(
    "kwargs",
    [{"hidden_activation": "gelu"}, {"output_activation": "tanh"}, {"output_activation": "x"}],
)
def test_mlp_forward_rejects_unknown_activations(kwargs: dict[str, str]) -> None:
    """Does an unknown activation name raise ValueError (even for a 1-layer network)?"""
    params = mlp.init_params([2, 2], np.random.default_rng(0))
    with pytest.raises(ValueError):
        mlp.mlp_forward(np.ones((1, 2)), params, **kwargs)
