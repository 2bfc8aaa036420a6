"""Week 19 reference solutions, checked against PyTorch as an independent oracle."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from solutions.week19.cnn_forward import (
    avg_pool2d_forward,
    conv2d_forward,
    init_lenet_params,
    lenet_forward,
    max_pool2d_forward,
    relu,
)
from solutions.week19.ex7_8_conv_shape import conv2d_out
from solutions.week19.shape_quiz import lenet_shapes
from solutions.week20.cnn_pytorch import LeNet
from workbook.data import load_mnist_5k

REPO = Path(__file__).resolve().parents[1]
TOL = 1e-10


pytestmark = pytest.mark.usefixtures("one_torch_thread")


def t(a: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(a))


def random_conv_case(
    rng: np.random.Generator, stride: int, padding: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Random non-square input and kernel, sized so the output has at least one pixel."""
    n, c_in, c_out = rng.integers(1, 4), rng.integers(1, 5), rng.integers(1, 6)
    kh, kw = rng.integers(1, 6, size=2)
    h = rng.integers(max(1, kh - 2 * padding), 14)
    w = rng.integers(max(1, kw - 2 * padding), 14)
    X = rng.normal(size=(n, c_in, h, w))
    W = rng.normal(size=(c_out, c_in, kh, kw))
    b = rng.normal(size=c_out)
    return X, W, b


# conv2d_out (exercise 7.8)


def test_conv2d_out_matches_the_module_examples() -> None:
    """Do the two MNIST cases from exercise 7.8 come out as 24x24 and 28x28?"""
    assert conv2d_out(28, 28, 5, 5, stride=1, padding=0) == (24, 24)
    assert conv2d_out(28, 28, 5, 5, stride=1, padding=2) == (28, 28)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
def test_conv2d_out_agrees_with_torch_output_shapes(stride: int, padding: int) -> None:
    """Does the formula predict the shape torch produces, including strides that leave a
    remainder (which must be rounded down)?"""
    rng = np.random.default_rng(100 * stride + padding)
    for _ in range(5):
        X, W, b = random_conv_case(rng, stride, padding)
        out = F.conv2d(t(X), t(W), t(b), stride=stride, padding=padding)
        h, w = X.shape[2:]
        kh, kw = W.shape[2:]
        assert conv2d_out(h, w, kh, kw, stride, padding) == tuple(out.shape[2:])
    assert isinstance(conv2d_out(9, 7, 2, 3, 2, 1)[0], int)


# conv2d_forward and pooling


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("padding", [0, 1, 2])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_conv2d_forward_matches_torch(stride: int, padding: int, seed: int) -> None:
    """Is conv2d_forward torch's cross-correlation, for random non-square inputs and kernels,
    every stride and padding, in float64 to 1e-10?"""
    rng = np.random.default_rng([seed, stride, padding])
    X, W, b = random_conv_case(rng, stride, padding)
    got = conv2d_forward(X, W, b, stride=stride, padding=padding)
    expected = F.conv2d(t(X), t(W), t(b), stride=stride, padding=padding).numpy()
    assert got.dtype == np.float64
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=TOL)


def test_conv2d_forward_does_not_flip_the_kernel() -> None:
    """A kernel with a single 1 in its top-left corner must copy the input unshifted, as a
    cross-correlation does (a true convolution would read the opposite corner)."""
    X = np.arange(16.0).reshape(1, 1, 4, 4)
    W = np.zeros((1, 1, 2, 2))
    W[0, 0, 0, 0] = 1.0
    np.testing.assert_array_equal(conv2d_forward(X, W, np.zeros(1))[0, 0], X[0, 0, :3, :3])


def test_conv2d_forward_keeps_float32_and_rejects_channel_mismatch() -> None:
    """Does float32 stay float32, and does a kernel for the wrong channel count fail loudly?"""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2, 3, 6, 6)).astype(np.float32)
    W = rng.normal(size=(4, 3, 3, 3)).astype(np.float32)
    b = np.zeros(4, dtype=np.float32)
    assert conv2d_forward(X, W, b).dtype == np.float32
    with pytest.raises(ValueError, match="channels"):
        conv2d_forward(X, W[:, :2], b)


POOL_CASES = [(1, None), (2, None), (3, None), (2, 1), (3, 2), (2, 3), (4, 1)]


@pytest.mark.parametrize(("size", "stride"), POOL_CASES)
def test_pooling_matches_torch(size: int, stride: int | None) -> None:
    """Do max and average pooling match torch on non-square inputs whose sides do not divide
    evenly by the stride (rows and columns left over must be dropped)?"""
    rng = np.random.default_rng([size, stride or 0])
    for h, w in [(7, 9), (8, 5), (11, 4 + size)]:
        X = rng.normal(size=(3, 2, h, w))
        torch_stride = size if stride is None else stride
        expect_max = F.max_pool2d(t(X), kernel_size=size, stride=torch_stride).numpy()
        expect_avg = F.avg_pool2d(t(X), kernel_size=size, stride=torch_stride).numpy()
        got_max = max_pool2d_forward(X, size, stride)
        got_avg = avg_pool2d_forward(X, size, stride)
        assert got_max.shape == expect_max.shape and got_avg.shape == expect_avg.shape
        np.testing.assert_allclose(got_max, expect_max, rtol=0, atol=TOL)
        np.testing.assert_allclose(got_avg, expect_avg, rtol=0, atol=TOL)


def test_pooling_keeps_channels_apart() -> None:
    """Is each channel pooled on its own (a max over channels would mix these two)?"""
    X = np.stack([np.zeros((4, 4)), np.ones((4, 4))])[None]
    np.testing.assert_array_equal(max_pool2d_forward(X)[0, 0], np.zeros((2, 2)))
    np.testing.assert_array_equal(avg_pool2d_forward(X)[0, 1], np.ones((2, 2)))


def test_relu_clips_negatives_and_keeps_shape() -> None:
    z = np.array([[-2.0, 0.0, 3.5]])
    np.testing.assert_array_equal(relu(z), [[0.0, 0.0, 3.5]])


# lenet_forward


def test_init_lenet_params_has_the_torch_names_and_shapes() -> None:
    """Do the NumPy parameters have exactly the keys and shapes of LeNet's state_dict, and does
    the seed make them reproducible?"""
    params = init_lenet_params(seed=3)
    state = LeNet().state_dict()
    assert list(params) == list(state)
    for name, value in params.items():
        assert value.shape == tuple(state[name].shape), name
        assert value.dtype == np.float64
    np.testing.assert_array_equal(params["fc2.weight"], init_lenet_params(seed=3)["fc2.weight"])
    assert not np.array_equal(params["fc2.weight"], init_lenet_params(seed=4)["fc2.weight"])


@pytest.fixture(scope="module")
def trained_lenet() -> tuple[LeNet, np.ndarray, float]:
    """LeNet after one quick epoch on 1,000 real digits, with some held-out images."""
    X, y = load_mnist_5k()
    order = np.random.default_rng(0).permutation(len(X))
    train, held_out = order[:1000], order[1000:1200]
    with torch.random.fork_rng():  # seed locally; leave the global RNG as it was
        torch.manual_seed(0)
        model = LeNet()
        optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
        Xt, yt = t(X[train]), t(y[train])
        for start in range(0, len(train), 50):
            optimizer.zero_grad()
            loss = F.cross_entropy(model(Xt[start : start + 50]), yt[start : start + 50])
            loss.backward()  # type: ignore[no-untyped-call]
            optimizer.step()
    with torch.no_grad():
        predictions = model(t(X[held_out])).argmax(dim=1).numpy()
    accuracy = float(np.mean(predictions == y[held_out]))
    return model, X[held_out].astype(np.float64), accuracy


def test_lenet_forward_reproduces_trained_torch_logits(
    trained_lenet: tuple[LeNet, np.ndarray, float],
) -> None:
    """Loaded with weights that PyTorch trained, does the NumPy forward pass give torch's own
    logits (float64 on both sides) to 1e-5?"""
    model, X, accuracy = trained_lenet
    assert accuracy > 0.5, "the weights should be trained, not random"
    params = {name: value.double().numpy() for name, value in model.state_dict().items()}
    got = lenet_forward(X, params)
    with torch.no_grad():
        expected = model.double()(t(X)).numpy()
    model.float()
    assert got.shape == (len(X), 10)
    assert np.max(np.abs(got - expected)) < 1e-5


def test_lenet_forward_matches_an_independent_functional_torch_pass() -> None:
    """With random parameters, is lenet_forward the chain spelled out with torch functions
    (conv padding 2, max pools, flatten in C, H, W order, x @ W.T + b)?"""
    params = init_lenet_params(seed=1)
    X = np.random.default_rng(1).random((5, 1, 28, 28))
    p = {k: t(v) for k, v in params.items()}
    a = F.max_pool2d(F.relu(F.conv2d(t(X), p["conv1.weight"], p["conv1.bias"], padding=2)), 2)
    a = F.max_pool2d(F.relu(F.conv2d(a, p["conv2.weight"], p["conv2.bias"])), 2)
    a = torch.flatten(a, 1)
    a = F.relu(F.linear(a, p["fc1.weight"], p["fc1.bias"]))
    a = F.relu(F.linear(a, p["fc2.weight"], p["fc2.bias"]))
    expected = F.linear(a, p["fc3.weight"], p["fc3.bias"]).numpy()
    np.testing.assert_allclose(lenet_forward(X, params), expected, rtol=0, atol=TOL)


# shape quiz


@pytest.mark.parametrize(("n", "h", "w"), [(1, 28, 28), (3, 32, 32), (2, 12, 12), (2, 13, 17)])
def test_lenet_shapes_match_shapes_seen_by_forward_hooks(n: int, h: int, w: int) -> None:
    """Does every entry of the shape quiz equal the output shape torch reports for that layer?
    For sizes other than 28x28, fc1 is a LazyLinear that adapts to what flatten produces."""
    model = LeNet()
    if (h, w) != (28, 28):
        model.fc1 = nn.LazyLinear(120)
    seen: dict[str, tuple[int, ...]] = {"input": (n, 1, h, w)}
    for name in ["conv1", "pool1", "conv2", "pool2", "flatten", "fc1", "fc2", "fc3"]:

        def hook(module: nn.Module, inputs: object, output: torch.Tensor, name: str = name) -> None:
            seen[name] = tuple(output.shape)

        getattr(model, name).register_forward_hook(hook)
    with torch.no_grad():
        model(torch.zeros(n, 1, h, w))
    expected = lenet_shapes(n, h, w)
    assert list(expected) == list(seen)
    assert expected == seen


def test_lenet_shapes_default_is_the_mnist_answer() -> None:
    assert lenet_shapes(4) == {
        "input": (4, 1, 28, 28),
        "conv1": (4, 6, 28, 28),
        "pool1": (4, 6, 14, 14),
        "conv2": (4, 16, 10, 10),
        "pool2": (4, 16, 5, 5),
        "flatten": (4, 400),
        "fc1": (4, 120),
        "fc2": (4, 84),
        "fc3": (4, 10),
    }


# self-containment


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "solutions" / "week19").glob("*.py"))
    + sorted((REPO / "solutions" / "week20").glob("*.py")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_exercise_modules_import_only_numpy_torch_and_stdlib(path: Path) -> None:
    """Can each exercise file be handed out on its own (no imports of other exercises)?"""
    allowed = {"numpy", "torch"} | set(sys.stdlib_module_names)
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: relative import"
            roots = {(node.module or "").split(".")[0]}
        else:
            continue
        assert roots <= allowed, f"{path.name} imports {roots - allowed}"
