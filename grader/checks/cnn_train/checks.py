"""Hidden checks for week 20: `LeNet`, `train_one_epoch` and `evaluate` in PyTorch.

Nothing the student's code reports is trusted: logits, losses and accuracies are recomputed
here with the NumPy LeNet of week 19 from the weights the model hands back (its
`state_dict`). The training-loop checks run on a LeNet the grader assembles in the child from
`torch.nn` layers, so they grade the loop even when the student's `LeNet` is wrong.

Tensors cannot cross the process boundary (they come back as NumPy arrays), so inputs are
made into tensors inside the child: a `DataLoader` over NumPy data collates its batches into
tensors, and `map(model, loader)` runs the model on them there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from grader.checks import Student, Suite
from grader.checks.diagnosis import Mistake
from grader.checks.expect import Findings, array, close, describe_type, fail, number, sequence
from grader.checks.lenet import lenet_mistakes
from grader.checks.reference import reference
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure
from workbook.data import DataError, load_mnist_5k

if TYPE_CHECKING:
    from solutions.week19 import cnn_forward as cf
else:
    cf = reference("week19.cnn_forward")

suite = Suite("cnn-train")

Params = dict[str, np.ndarray]

SHAPES: dict[str, tuple[int, ...]] = {
    "conv1.weight": (6, 1, 5, 5),
    "conv1.bias": (6,),
    "conv2.weight": (16, 6, 5, 5),
    "conv2.bias": (16,),
    "fc1.weight": (120, 400),
    "fc1.bias": (120,),
    "fc2.weight": (84, 120),
    "fc2.bias": (84,),
    "fc3.weight": (10, 84),
    "fc3.bias": (10,),
}
# The grader's own LeNet, as torch.nn layers in an nn.Sequential: (layer, args, kwargs).
LAYERS: tuple[tuple[str, tuple[int, ...], dict[str, int]], ...] = (
    ("Conv2d", (1, 6, 5), {"padding": 2}),
    ("ReLU", (), {}),
    ("MaxPool2d", (2,), {}),
    ("Conv2d", (6, 16, 5), {}),
    ("ReLU", (), {}),
    ("MaxPool2d", (2,), {}),
    ("Flatten", (), {}),
    ("Linear", (400, 120), {}),
    ("ReLU", (), {}),
    ("Linear", (120, 84), {}),
    ("ReLU", (), {}),
    ("Linear", (84, 10), {}),
)
# nn.Sequential names its parameters by position; these are the LeNet names.
SEQUENTIAL_NAMES = {"0": "conv1", "3": "conv2", "7": "fc1", "9": "fc2", "11": "fc3"}

NO_ZERO_GRAD = (
    "gradients pile up from batch to batch: call optimizer.zero_grad() before each "
    "loss.backward(), or every step also repeats the earlier batches' gradients"
)
SOFTMAX_BEFORE_CE = (
    "applies softmax before the cross-entropy; F.cross_entropy (nn.CrossEntropyLoss) expects "
    "the raw logits and applies log-softmax itself"
)
SUMMED_STEP = (
    "steps on the loss summed over the batch (reduction='sum'); use the mean, "
    "F.cross_entropy's default, so the step size doesn't grow with the batch size"
)
NO_STEP = "the weights did not change: call optimizer.step() after loss.backward()"
UNWEIGHTED = (
    "averages the per-batch mean losses as if all batches were the same size; the last batch "
    "is smaller: weight each batch's mean loss by its size (loss.item() * batch size), then "
    "divide by the number of samples"
)
SUM_OF_MEANS = "adds up the batch losses without dividing: return the mean loss per sample"
TOTAL = "returns the summed loss of all samples; divide by the number of samples"
LAST_BATCH = "returns the last batch's loss; return the mean over the whole epoch"
FIRST_BATCH = (
    "stops after the first batch (is the return inside the for loop?): go through every "
    "batch the loader yields, then return"
)
NOT_TRAIN_MODE = (
    "left the model in evaluation mode (here it came from an evaluate): call model.train() "
    "first, or dropout and batch norm layers would not train"
)
NOT_EVAL_MODE = (
    "left the model in training mode: call model.eval() first, or dropout and batch norm "
    "layers would change the numbers"
)
NUM_CLASSES_IGNORED = (
    "fc3 ignores num_classes: the last layer is nn.Linear(84, num_classes), one output per class"
)
NUM_CLASSES_DEFAULT = "num_classes should default to 10: def __init__(self, num_classes=10)"
BATCH_FLATTENED = (
    "flattens the batch axis too, so fc1 gets all the images' features in one row: "
    "torch.flatten(x, 1) (or x.view(x.size(0), -1)) keeps one row per image"
)


@functools.cache
def mnist() -> tuple[np.ndarray, np.ndarray]:
    return load_mnist_5k()


def digits() -> tuple[np.ndarray, np.ndarray]:
    try:
        return mnist()
    except (DataError, OSError, ValueError) as error:  # a missing or damaged copy of the data
        fail(f"the grader's MNIST digits are unavailable ({error}); tell your instructor")


@dataclass(frozen=True)
class Torch:
    """The student module's torch, as references into the child."""

    module: Remote
    nn: Remote
    optim: Remote
    data: Remote


def seeded_torch(sub: Student, rng: np.random.Generator) -> Torch:
    """The student module's torch, its global seed drawn from this check's rng."""
    env = torch_in_child(sub)
    sub.method(env.module, "manual_seed", int(rng.integers(2**31)))
    return env


def torch_in_child(sub: Student) -> Torch:
    try:
        torch = sub.getattr(None, "torch")
    except StudentFailure as failure:
        if failure.kind != "missing":
            raise
        fail("cnn_pytorch.py has no `torch`: keep `import torch` at the top of the module")
    if not isinstance(torch, Remote):
        fail(f"`torch` in cnn_pytorch.py is {describe_type(torch)}, not the torch module")
    utils = sub.getattr(torch, "utils")
    return Torch(
        module=torch,
        nn=sub.getattr(torch, "nn"),
        optim=sub.getattr(torch, "optim"),
        data=sub.getattr(utils, "data"),
    )


def remote(value: Any, what: str) -> Remote:
    if not isinstance(value, Remote):
        fail(f"{what} returned {describe_type(value)}; expected an object")
    return value


def run_model(sub: Student, env: Torch, model: Remote, X: np.ndarray) -> Any:
    """model(X) in the child, on a tensor made there from X."""
    batch = sub.kept(env.module, "from_numpy", X.astype(np.float32))
    return sub.method(model, "__call__", batch)


def new_lenet(sub: Student) -> Remote:
    """LeNet() in the child; when only the default fails, say so."""
    try:
        return remote(sub.call("LeNet"), "LeNet()")
    except StudentFailure as failure:
        if failure.fatal or failure.kind == "not_implemented":
            raise
        try:
            sub.call("LeNet", num_classes=10)
        except StudentFailure as explicit:
            if explicit.fatal:
                raise
            raise failure from None
        fail(
            f"LeNet() raised {failure.describe()}, but LeNet(num_classes=10) works: "
            f"{NUM_CLASSES_DEFAULT}"
        )


def mode_finding(sub: Student, model: Remote, training: bool, what: str, hint: str) -> None:
    """Fail with `hint` unless `model` is in training mode (`training`) or evaluation mode."""
    if sub.getattr(model, "training") is not training:
        fail(f"{what}: {hint}")


def pairs_loader(sub: Student, env: Torch, X: np.ndarray, y: np.ndarray, batch_size: int) -> Remote:
    """A DataLoader in the child over (image, label) pairs, in this order, not shuffled."""
    pairs = [(X[i].astype(np.float32), int(y[i])) for i in range(len(X))]
    loader = sub.method(env.data, "DataLoader", pairs, batch_size=batch_size, shuffle=False)
    return remote(loader, "DataLoader")


def grader_lenet(sub: Student, env: Torch) -> Remote:
    """The reference LeNet built from torch.nn layers in the child (an nn.Sequential)."""
    layers = [sub.method(env.nn, name, *args, **kwargs) for name, args, kwargs in LAYERS]
    return remote(sub.method(env.nn, "Sequential", *layers), "nn.Sequential")


def parameters(state: Any, what: str) -> Params:
    """A state_dict as float64 arrays under the LeNet names (Sequential names are mapped)."""
    if not isinstance(state, dict):
        fail(f"{what} returned {describe_type(state)}; expected a dict of tensors")
    params: Params = {}
    for key, value in state.items():
        if not isinstance(value, np.ndarray):
            fail(f"{what}[{key!r}] is {describe_type(value)}; expected a tensor")
        prefix, _, rest = key.partition(".")
        params[f"{SEQUENTIAL_NAMES.get(prefix, prefix)}.{rest}"] = value.astype(np.float64)
    return params


def lenet_state(sub: Student, model: Remote, what: str) -> Params:
    params = parameters(sub.method(model, "state_dict"), f"{what}.state_dict()")
    problems = [
        key for key, shape in SHAPES.items() if key not in params or params[key].shape != shape
    ]
    if problems or len(params) != len(SHAPES):
        fail(
            f"{what} does not have LeNet's parameters ({', '.join(problems) or 'extra keys'}); "
            "see the state_dict check"
        )
    return params


def numpy_logits(X: np.ndarray, params: Mapping[str, np.ndarray]) -> np.ndarray:
    parts = [
        cf.lenet_forward(X[i : i + 250].astype(np.float64), params) for i in range(0, len(X), 250)
    ]
    return np.concatenate(parts)


def cross_entropy_each(logits: np.ndarray, y: np.ndarray) -> np.ndarray:
    top = logits.max(axis=1, keepdims=True)
    log_z = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    losses: np.ndarray = log_z - logits[np.arange(len(y)), y]
    return losses


def softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return np.asarray(e / e.sum(axis=1, keepdims=True))


def batch_means(values: np.ndarray, batch_size: int) -> np.ndarray:
    return np.array([values[i : i + batch_size].mean() for i in range(0, len(values), batch_size)])


def sample(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
    X, y = digits()
    chosen = rng.choice(len(X), size=count, replace=False)
    return X[chosen], y[chosen]


def last_batch_stands_out(key: np.ndarray) -> np.ndarray:
    """An order of the samples by `key`: those with the largest key land in the short last
    batch, so averaging batch means (instead of samples) shows."""
    order: np.ndarray = np.argsort(key, kind="stable")
    return order


# ---- the student's LeNet -------------------------------------------------------------------


@suite.check(
    points=1,
    title="LeNet() maps (n, 1, 28, 28) images to (n, num_classes) logits",
    public=True,
)
def model_output_shape(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    n = int(rng.integers(3, 7))
    X = rng.random((n, 1, 28, 28))
    model = new_lenet(sub)
    output = explained(lambda: run_model(sub, env, model, X))
    array(output, f"LeNet()(x) for x of shape {X.shape}", (n, 10))
    classes = int(rng.integers(2, 10))
    model = remote(sub.call("LeNet", num_classes=classes), f"LeNet(num_classes={classes})")
    output = explained(lambda: run_model(sub, env, model, X))
    what = f"LeNet(num_classes={classes})(x) for x of shape {X.shape}"
    if isinstance(output, np.ndarray) and output.shape == (n, 10):
        fail(
            f"{what} returned shape {output.shape}; expected {(n, classes)}: {NUM_CLASSES_IGNORED}"
        )
    array(output, what, (n, classes))


# torch's error when a dense layer gets the wrong number of features.
TORCH_MISMATCH = re.compile(
    r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)"
)
FC1_FEATURES = "fc1 takes the 16 x 5 x 5 = 400 features that pool2 leaves (see the shape quiz)"


def explained(run: Callable[[], Any]) -> Any:
    """`run()`, with a wrong fc1 size or a wrong feature map named when torch refuses the
    matrix product."""
    try:
        return run()
    except StudentFailure as failure:
        found = TORCH_MISMATCH.search(failure.message)
        if failure.fatal or found is None:
            raise
        rows, features = int(found.group(1)), int(found.group(2))
        wanted, out = int(found.group(3)), int(found.group(4))
        if out == 120 and rows == 1 and features > 400 and features % 400 == 0:
            fail(f"{failure.describe()}: {BATCH_FLATTENED}")
        if out == 120 and features == 400:
            fail(f"{failure.describe()}: {FC1_FEATURES}; here fc1 expects {wanted}")
        if out == 120:
            fail(
                f"{failure.describe()}: the maps reaching fc1 hold {features} features, not "
                "16 x 5 x 5 = 400: conv1 needs padding=2 and each 2x2 max pooling halves "
                "the size"
            )
        raise


@suite.check(points=1, title="state_dict has LeNet's parameter names and shapes")
def model_parameters(sub: Student, rng: np.random.Generator) -> None:
    seeded_torch(sub, rng)  # seeds LeNet()'s initial weights
    model = new_lenet(sub)
    state = sub.method(model, "state_dict")
    if not isinstance(state, dict):
        fail(f"LeNet().state_dict() returned {describe_type(state)}; is LeNet an nn.Module?")
    missing = [key for key in SHAPES if key not in state]
    extra = [key for key in state if key not in SHAPES]
    if missing or extra:
        hint = ""
        if any(key.split(".")[0].isdigit() or key.count(".") > 1 for key in extra):
            hint = (
                ": keep each layer as its own attribute, self.conv1 = nn.Conv2d(...), ... "
                "(layers inside an nn.Sequential get other parameter names)"
            )
        fail(
            f"LeNet().state_dict() keys: missing {missing or 'none'}, unexpected "
            f"{extra or 'none'}; expected {list(SHAPES)}{hint}"
        )
    for key, shape in SHAPES.items():
        got = state[key]
        got_shape = got.shape if isinstance(got, np.ndarray) else None
        if got_shape != shape:
            hint = ""
            if key == "fc1.weight" and got_shape is not None and got_shape[0] == 120:
                hint = (
                    ": fc1 takes the 16 x 5 x 5 = 400 features that pool2 leaves "
                    "(see the shape quiz)"
                )
            fail(f"LeNet().state_dict()[{key!r}] has shape {got_shape}; expected {shape}{hint}")


@suite.check(points=2, title="LeNet.forward equals the NumPy lenet_forward with its weights")
def model_matches_numpy(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = new_lenet(sub)
    params = lenet_state(sub, model, "LeNet()")
    X = rng.random((int(rng.integers(3, 6)), 1, 28, 28)).astype(np.float32).astype(np.float64)
    close(
        explained(lambda: run_model(sub, env, model, X)),
        cf.lenet_forward(X, params),
        f"LeNet()(x) for x of shape {X.shape}",
        rtol=1e-4,
        atol=1e-5,
        mistakes=lenet_mistakes(X, params),
        context="(compared with week 19's lenet_forward using your model's state_dict)",
    )


# ---- train_one_epoch and evaluate, on the grader's LeNet -------------------------------------


@suite.check(points=1, title="train_one_epoch returns the epoch's mean loss per sample")
def epoch_loss(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    before = lenet_state(sub, model, "the grader's LeNet")
    batch_size = 32
    n = batch_size * int(rng.integers(2, 4)) + int(rng.integers(3, 9))
    X, y = sample(rng, n)
    losses = cross_entropy_each(numpy_logits(X, before), y)
    order = last_batch_stands_out(losses)
    X, y, losses = X[order], y[order], losses[order]
    loader = pairs_loader(sub, env, X, y, batch_size)
    # A learning rate of 0 keeps the weights fixed, so the epoch's loss is known exactly.
    optimizer = sub.method(env.optim, "SGD", sub.method(model, "parameters"), lr=0.0)
    got = sub.call("train_one_epoch", model, loader, optimizer)
    what = f"train_one_epoch over {n} images in batches of {batch_size} (learning rate 0)"
    if isinstance(got, np.ndarray):
        fail(
            f"{what} returned a tensor; return a Python float: add up loss.item() (a tensor "
            "sum keeps every batch's graph alive)"
        )
    loss = number(got, what)
    after = lenet_state(sub, model, "the grader's LeNet")
    if any(not np.array_equal(before[key], after[key]) for key in SHAPES):
        fail(
            f"{what} changed the weights although the optimizer's learning rate is 0: update "
            "the model only through the optimizer that is passed in"
        )
    means = batch_means(losses, batch_size)
    wrong_ce = cross_entropy_each(softmax(numpy_logits(X, before)), y)
    close(
        loss,
        float(losses.mean()),
        what,
        rtol=1e-5,
        atol=1e-6,
        mistakes=[
            Mistake(UNWEIGHTED, float(means.mean()), rtol=1e-5),
            Mistake(SUM_OF_MEANS, float(means.sum()), rtol=1e-5),
            Mistake(TOTAL, float(losses.sum()), rtol=1e-5),
            Mistake(LAST_BATCH, float(means[-1]), rtol=1e-5),
            Mistake(FIRST_BATCH, float(means[0]), rtol=1e-5),
            Mistake(SOFTMAX_BEFORE_CE, float(wrong_ce.mean()), rtol=1e-5),
        ],
    )


def replay(
    start: Params, X: np.ndarray, y: np.ndarray, batch_size: int, lr: float, variant: str
) -> Params:
    """The grader's own SGD epoch (in this process, with torch), or a known mistake of it."""
    import torch
    import torch.nn.functional as F
    from torch import nn

    model = nn.Sequential(*(getattr(nn, name)(*args, **kwargs) for name, args, kwargs in LAYERS))
    names = {name: index for index, name in SEQUENTIAL_NAMES.items()}
    state = {}
    for key, value in start.items():
        layer, _, rest = key.partition(".")
        state[f"{names[layer]}.{rest}"] = torch.from_numpy(value.astype(np.float32))
    model.load_state_dict(state)
    weights = list(model.parameters())
    for i in range(0, batch_size if variant == "first_batch" else len(X), batch_size):
        images = torch.from_numpy(X[i : i + batch_size].astype(np.float32))
        labels = torch.from_numpy(y[i : i + batch_size].astype(np.int64))
        if variant != "no_zero_grad":
            model.zero_grad()
        logits = model(images)
        if variant == "softmax":
            logits = F.softmax(logits, dim=1)
        reduction = "sum" if variant == "summed" else "mean"
        loss = F.cross_entropy(logits, labels, reduction=reduction)
        loss.backward()  # type: ignore[no-untyped-call]
        # Plain SGD, as torch.optim.SGD does it (whose first use imports torch._dynamo: slow).
        with torch.no_grad():
            for weight in weights:
                if weight.grad is not None:
                    weight.add_(weight.grad, alpha=-lr)
    result = {key: value.detach().double().numpy() for key, value in model.state_dict().items()}
    return parameters(result, "replay")


def max_difference(a: Params, b: Params) -> float:
    return max(float(np.max(np.abs(a[key] - b[key]))) for key in SHAPES)


@suite.check(points=2, title="train_one_epoch: one SGD step per batch, gradients cleared")
def epoch_steps(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    start = lenet_state(sub, model, "the grader's LeNet")
    batch_size = int(rng.integers(24, 41))
    n = batch_size + int(rng.integers(8, batch_size))
    X, y = sample(rng, n)
    lr = 0.1
    loader = pairs_loader(sub, env, X, y, batch_size)
    optimizer = sub.method(env.optim, "SGD", sub.method(model, "parameters"), lr=lr)
    sub.method(model, "eval")  # as an evaluate() between epochs leaves it
    sub.call("train_one_epoch", model, loader, optimizer)
    what = f"after train_one_epoch over 2 batches ({batch_size} and {n - batch_size} images)"
    with Findings() as findings:
        got = lenet_state(sub, model, "the grader's LeNet")
        findings.run(judge_steps, got, start, X, y, batch_size, lr, what)
        findings.run(mode_finding, sub, model, True, what, NOT_TRAIN_MODE)


def judge_steps(
    got: Params, start: Params, X: np.ndarray, y: np.ndarray, batch_size: int, lr: float, what: str
) -> None:
    """Compare the weights after the student's epoch with the grader's SGD epoch, then with
    its known mistakes."""
    tolerance = 1e-5
    want = replay(start, X, y, batch_size, lr, "right")
    if max_difference(got, want) <= tolerance:
        return
    if max_difference(got, start) == 0.0:
        fail(f"{what}: {NO_STEP}")
    for variant, hint in (
        ("no_zero_grad", NO_ZERO_GRAD),
        ("softmax", SOFTMAX_BEFORE_CE),
        ("summed", SUMMED_STEP),
        ("first_batch", FIRST_BATCH),
    ):
        if max_difference(got, replay(start, X, y, batch_size, lr, variant)) <= tolerance:
            fail(f"{what}, the weights show: {hint}")
    fail(
        f"{what} (SGD, lr={lr}), the weights differ from one step per batch on the mean "
        f"cross-entropy by up to {max_difference(got, want):.3g}: per batch, call "
        "zero_grad, compute F.cross_entropy(model(images), labels), backward, step"
    )


EPOCHS, TRAIN_SIZE, HELD_OUT, THRESHOLD = 3, 3000, 1000, 0.80


@suite.check(
    points=2,
    title="LeNet trained 3 epochs on 3,000 MNIST digits: held-out accuracy > 80%",
)
def training_works(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    X, y = digits()
    chosen = rng.permutation(len(X))
    train, test = chosen[:TRAIN_SIZE], chosen[TRAIN_SIZE : TRAIN_SIZE + HELD_OUT]
    loaders = sub.call(
        "make_loaders", X[train], y[train], X[test], y[test], batch_size=64,
        seed=int(rng.integers(2**31)),
    )  # fmt: skip
    train_loader = remote(sequence(loaders, "make_loaders", 2)[0], "make_loaders")
    model = new_lenet(sub)
    optimizer = sub.method(env.optim, "Adam", sub.method(model, "parameters"), lr=2e-3)
    for epoch in range(1, EPOCHS + 1):
        loss = number(
            explained(lambda: sub.call("train_one_epoch", model, train_loader, optimizer)),
            f"train_one_epoch (epoch {epoch})",
        )
        if not np.isfinite(loss):
            fail(f"train_one_epoch returned {loss} in epoch {epoch}: the training diverged")
    params = lenet_state(sub, model, "LeNet()")
    accuracy = float(np.mean(numpy_logits(X[test], params).argmax(axis=1) == y[test]))
    if accuracy <= THRESHOLD:
        fail(
            f"after {EPOCHS} epochs (Adam, lr=2e-3, batches of 64) the held-out accuracy is "
            f"{accuracy:.1%}, recomputed from your model's weights; a correct model and loop "
            "reach about 92%. Check that every batch calls zero_grad, forward, "
            "F.cross_entropy on the raw logits, backward and step"
        )


@suite.check(points=1, title="evaluate returns (mean loss per sample, accuracy in [0, 1])")
def evaluate_metrics(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    params = lenet_state(sub, model, "the grader's LeNet")
    batch_size = 128
    full = int(rng.integers(3, 5))
    n = batch_size * full + int(rng.integers(10, 40))
    X, y = sample(rng, batch_size * (full + 1) + 64)
    logits = numpy_logits(X, params)
    # Leave out near-ties between the top two logits (float32 in the child may break them the
    # other way), keeping a short last batch.
    top_two = np.sort(logits, axis=1)[:, -2:]
    clear = np.flatnonzero(top_two[:, 1] - top_two[:, 0] > 1e-3)[:n]
    X, y, logits = X[clear], y[clear], logits[clear]
    n = len(X)
    correct = logits.argmax(axis=1) == y
    # The samples the model gets right go last, so the short last batch stands out.
    order = last_batch_stands_out(correct.astype(np.float64))
    X, y, logits, correct = X[order], y[order], logits[order], correct[order]
    losses = cross_entropy_each(logits, y)
    loader = pairs_loader(sub, env, X, y, batch_size)
    what = f"evaluate over {n} images in batches of {batch_size}"
    sub.method(model, "train")  # as train_one_epoch leaves it
    loss, accuracy = sequence(sub.call("evaluate", model, loader), what, 2)
    # Both values are judged and every finding reported, so a wrong loss does not hide a
    # percentage accuracy.
    findings = Findings()
    first = slice(0, batch_size)
    findings.run(
        close,
        number(loss, f"{what}: the loss"),
        float(losses.mean()),
        f"{what}: the loss",
        rtol=1e-5,
        atol=1e-6,
        mistakes=[
            Mistake(UNWEIGHTED, float(batch_means(losses, batch_size).mean()), rtol=1e-5),
            Mistake(
                "is the sum of the per-batch mean losses divided by the number of samples: "
                "each batch mean already divides by its batch size. Add loss.item() * "
                "batch size per batch (or use reduction='sum'), then divide by the number "
                "of samples",
                float(batch_means(losses, batch_size).sum() / n),
                rtol=1e-5,
            ),
            Mistake(TOTAL, float(losses.sum()), rtol=1e-5),
            Mistake(
                SOFTMAX_BEFORE_CE, float(cross_entropy_each(softmax(logits), y).mean()), rtol=1e-5
            ),
            Mistake(FIRST_BATCH, float(losses[first].mean()), rtol=1e-5),
        ],
    )
    findings.run(
        close,
        number(accuracy, f"{what}: the accuracy"),
        float(correct.mean()),
        f"{what}: the accuracy",
        mistakes=[
            Mistake("is a percentage; return a fraction in [0, 1]", 100.0 * float(correct.mean())),
            Mistake(
                "averages per-batch accuracies, but the last batch is smaller: count the "
                "correct predictions over all batches and divide by the number of samples",
                float(batch_means(correct.astype(np.float64), batch_size).mean()),
            ),
            Mistake(
                "is the number of correct predictions; divide by the number of samples",
                float(correct.sum()),
            ),
        ],
    )
    findings.run(mode_finding, sub, model, False, what, NOT_EVAL_MODE)
    findings.report()
