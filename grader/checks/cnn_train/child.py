"""Talking to the student's torch in the child process, for the cnn-train checks.

Tensors cannot cross the process boundary (they come back as NumPy arrays), so inputs are
made into tensors inside the child: a `DataLoader` over NumPy data collates its batches into
tensors, and `model(torch.from_numpy(X))` runs the model there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from grader.checks import Student
from grader.checks.cnn_train.oracle import LAYERS, SHAPES, Params, parameters
from grader.checks.expect import describe_type, fail
from grader.i18n import _
from grader.isolation.protocol import Remote
from grader.isolation.runner import StudentFailure

# torch's error when a dense layer gets the wrong number of features.
TORCH_MISMATCH = re.compile(
    r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)"
)


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
    """The `torch` the student's module imported, with its nn, optim and utils.data."""
    try:
        torch = sub.getattr(None, "torch")
    except StudentFailure as failure:
        if failure.kind != "missing":
            raise
        fail(_("cnn_pytorch.py has no `torch`: keep `import torch` at the top of the module"))
    if not isinstance(torch, Remote):
        fail(
            _("`torch` in cnn_pytorch.py is {type}, not the torch module").format(
                type=describe_type(torch)
            )
        )
    utils = sub.getattr(torch, "utils")
    return Torch(
        module=torch,
        nn=sub.getattr(torch, "nn"),
        optim=sub.getattr(torch, "optim"),
        data=sub.getattr(utils, "data"),
    )


def remote(value: Any, what: str) -> Remote:
    """`value` if it is an object left in the child; else fail naming `what`."""
    if not isinstance(value, Remote):
        fail(
            _("{what} returned {type}; expected an object").format(
                what=what, type=describe_type(value)
            )
        )
    return value


def run_model(sub: Student, env: Torch, model: Remote, X: np.ndarray) -> Any:
    """model(X) in the child, on a tensor made there from X (n, 1, 28, 28)."""
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
            _(
                "LeNet() raised {error}, but LeNet(num_classes=10) works: num_classes should "
                "default to 10: def __init__(self, num_classes=10)"
            ).format(error=failure.describe())
        )


def pairs_loader(sub: Student, env: Torch, X: np.ndarray, y: np.ndarray, batch_size: int) -> Remote:
    """A DataLoader in the child over (image, label) pairs, in this order, not shuffled."""
    pairs = [(X[i].astype(np.float32), int(y[i])) for i in range(len(X))]
    loader = sub.method(env.data, "DataLoader", pairs, batch_size=batch_size, shuffle=False)
    return remote(loader, "DataLoader")


def grader_lenet(sub: Student, env: Torch) -> Remote:
    """The reference LeNet built from torch.nn layers in the child (an nn.Sequential)."""
    layers = [sub.method(env.nn, name, *args, **kwargs) for name, args, kwargs in LAYERS]
    return remote(sub.method(env.nn, "Sequential", *layers), "nn.Sequential")


def lenet_state(sub: Student, model: Remote, what: str) -> Params:
    """`model`'s state_dict as LeNet's float64 parameters; fail unless it has exactly those."""
    params = parameters(sub.method(model, "state_dict"), f"{what}.state_dict()")
    problems = [
        key for key, shape in SHAPES.items() if key not in params or params[key].shape != shape
    ]
    if problems or len(params) != len(SHAPES):
        fail(
            _("{what} does not have LeNet's parameters ({keys}); see the state_dict check").format(
                what=what, keys=", ".join(problems) or _("extra keys")
            )
        )
    return params


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
        error = failure.describe()
        if out == 120 and rows == 1 and features > 400 and features % 400 == 0:
            fail(
                _(
                    "{error}: flattens the batch axis too, so fc1 gets all the images' features "
                    "in one row: torch.flatten(x, 1) (or x.view(x.size(0), -1)) keeps one row "
                    "per image"
                ).format(error=error)
            )
        if out == 120 and features == 400:
            fail(
                _(
                    "{error}: fc1 takes the 16 x 5 x 5 = 400 features that pool2 leaves (see the "
                    "shape quiz); here fc1 expects {wanted}"
                ).format(error=error, wanted=wanted)
            )
        if out == 120:
            fail(
                _(
                    "{error}: the maps reaching fc1 hold {features} features, not 16 x 5 x 5 = "
                    "400: conv1 needs padding=2 and each 2x2 max pooling halves the size"
                ).format(error=error, features=features)
            )
        raise
