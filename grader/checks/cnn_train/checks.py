"""Hidden checks for week 20: `LeNet`, `train_one_epoch` and `evaluate` in PyTorch.

Nothing the student's code reports is trusted: logits, losses and accuracies are recomputed
here with the NumPy LeNet of week 19 from the weights the model hands back (its
`state_dict`). The training-loop checks run on a LeNet the grader assembles in the child from
`torch.nn` layers, so they grade the loop even when the student's `LeNet` is wrong.

`child.py` talks to the student's torch in the child process; `oracle.py` recomputes what
the numbers should be.
"""

from __future__ import annotations

import numpy as np

from grader.checks import Student, Suite
from grader.checks.cnn_train.child import (
    explained,
    grader_lenet,
    lenet_state,
    new_lenet,
    pairs_loader,
    remote,
    run_model,
    seeded_torch,
)
from grader.checks.cnn_train.oracle import (
    SHAPES,
    Params,
    batch_means,
    cross_entropy_each,
    digits,
    last_batch_stands_out,
    max_difference,
    numpy_logits,
    replay,
    sample,
    softmax,
    week19,
)
from grader.checks.diagnosis import Mistake
from grader.checks.expect import Findings, array, close, describe_type, fail, number, sequence
from grader.checks.lenet import lenet_mistakes
from grader.i18n import N_, _
from grader.isolation.protocol import Remote

suite = Suite("cnn-train")

NO_ZERO_GRAD = N_(
    "gradients pile up from batch to batch: call optimizer.zero_grad() before each "
    "loss.backward(), or every step also repeats the earlier batches' gradients"
)
SOFTMAX_BEFORE_CE = N_(
    "applies softmax before the cross-entropy; F.cross_entropy (nn.CrossEntropyLoss) expects "
    "the raw logits and applies log-softmax itself"
)
SUMMED_STEP = N_(
    "steps on the loss summed over the batch (reduction='sum'); use the mean, "
    "F.cross_entropy's default, so the step size doesn't grow with the batch size"
)
NO_STEP = N_("the weights did not change: call optimizer.step() after loss.backward()")
UNWEIGHTED = N_(
    "averages the per-batch mean losses as if all batches were the same size; the last batch "
    "is smaller: weight each batch's mean loss by its size (loss.item() * batch size), then "
    "divide by the number of samples"
)
SUM_OF_MEANS = N_("adds up the batch losses without dividing: return the mean loss per sample")
TOTAL = N_("returns the summed loss of all samples; divide by the number of samples")
LAST_BATCH = N_("returns the last batch's loss; return the mean over the whole epoch")
FIRST_BATCH = N_(
    "stops after the first batch (is the return inside the for loop?): go through every "
    "batch the loader yields, then return"
)
NOT_TRAIN_MODE = N_(
    "left the model in evaluation mode (here it came from an evaluate): call model.train() "
    "first, or dropout and batch norm layers would not train"
)
NOT_EVAL_MODE = N_(
    "left the model in training mode: call model.eval() first, or dropout and batch norm "
    "layers would change the numbers"
)
EPOCHS, TRAIN_SIZE, HELD_OUT, THRESHOLD = 3, 3000, 1000, 0.80


def mode_finding(sub: Student, model: Remote, training: bool, what: str, hint: str) -> None:
    """Fail with `hint` unless `model` is in training mode (`training`) or evaluation mode."""
    if sub.getattr(model, "training") is not training:
        fail(f"{what}: {hint}")


def shape_what(X: np.ndarray) -> str:
    """How the checks name a call of LeNet() on X."""
    return _("LeNet()(x) for x of shape {shape}").format(shape=X.shape)


# ---- the student's LeNet -------------------------------------------------------------------


@suite.check(
    points=1,
    title=N_("LeNet() maps (n, 1, 28, 28) images to (n, num_classes) logits"),
    public=True,
)
def model_output_shape(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    n = int(rng.integers(3, 7))
    X = rng.random((n, 1, 28, 28))
    model = new_lenet(sub)
    output = explained(lambda: run_model(sub, env, model, X))
    array(output, shape_what(X), (n, 10))
    classes = int(rng.integers(2, 10))
    model = remote(sub.call("LeNet", num_classes=classes), f"LeNet(num_classes={classes})")
    output = explained(lambda: run_model(sub, env, model, X))
    what = _("LeNet(num_classes={classes})(x) for x of shape {shape}").format(
        classes=classes, shape=X.shape
    )
    if isinstance(output, np.ndarray) and output.shape == (n, 10):
        fail(
            _(
                "{what} returned shape {got}; expected {want}: fc3 ignores num_classes: the last "
                "layer is nn.Linear(84, num_classes), one output per class"
            ).format(what=what, got=output.shape, want=(n, classes))
        )
    array(output, what, (n, classes))


@suite.check(points=1, title=N_("state_dict has LeNet's parameter names and shapes"))
def model_parameters(sub: Student, rng: np.random.Generator) -> None:
    seeded_torch(sub, rng)  # seeds LeNet()'s initial weights
    model = new_lenet(sub)
    state = sub.method(model, "state_dict")
    if not isinstance(state, dict):
        fail(
            _("LeNet().state_dict() returned {type}; is LeNet an nn.Module?").format(
                type=describe_type(state)
            )
        )
    missing = [key for key in SHAPES if key not in state]
    extra = [key for key in state if key not in SHAPES]
    if missing or extra:
        keys = {
            "missing": missing or _("none"),
            "extra": extra or _("none"),
            "expected": list(SHAPES),
        }
        if any(key.split(".")[0].isdigit() or key.count(".") > 1 for key in extra):
            fail(
                _(
                    "LeNet().state_dict() keys: missing {missing}, unexpected {extra}; expected "
                    "{expected}: keep each layer as its own attribute, self.conv1 = "
                    "nn.Conv2d(...), ... (layers inside an nn.Sequential get other parameter "
                    "names)"
                ).format(**keys)
            )
        fail(
            _(
                "LeNet().state_dict() keys: missing {missing}, unexpected {extra}; expected "
                "{expected}"
            ).format(**keys)
        )
    for key, shape in SHAPES.items():
        got = state[key]
        got_shape = got.shape if isinstance(got, np.ndarray) else None
        if got_shape == shape:
            continue
        if key == "fc1.weight" and got_shape is not None and got_shape[0] == 120:
            fail(
                _(
                    "LeNet().state_dict()[{key!r}] has shape {got}; expected {shape}: fc1 takes "
                    "the 16 x 5 x 5 = 400 features that pool2 leaves (see the shape quiz)"
                ).format(key=key, got=got_shape, shape=shape)
            )
        fail(
            _("LeNet().state_dict()[{key!r}] has shape {got}; expected {shape}").format(
                key=key, got=got_shape, shape=shape
            )
        )


@suite.check(points=2, title=N_("LeNet.forward equals the NumPy lenet_forward with its weights"))
def model_matches_numpy(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = new_lenet(sub)
    params = lenet_state(sub, model, "LeNet()")
    X = rng.random((int(rng.integers(3, 6)), 1, 28, 28)).astype(np.float32).astype(np.float64)
    close(
        explained(lambda: run_model(sub, env, model, X)),
        week19().lenet_forward(X, params),
        shape_what(X),
        rtol=1e-4,
        atol=1e-5,
        mistakes=lenet_mistakes(X, params),
        context=_("(compared with week 19's lenet_forward using your model's state_dict)"),
    )


# ---- train_one_epoch and evaluate, on the grader's LeNet -------------------------------------


@suite.check(points=1, title=N_("train_one_epoch returns the epoch's mean loss per sample"))
def epoch_loss(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    before = lenet_state(sub, model, _("the grader's LeNet"))
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
    what = _("train_one_epoch over {n} images in batches of {batch_size} (learning rate 0)").format(
        n=n, batch_size=batch_size
    )
    if isinstance(got, np.ndarray):
        fail(
            _(
                "{what} returned a tensor; return a Python float: add up loss.item() (a tensor "
                "sum keeps every batch's graph alive)"
            ).format(what=what)
        )
    loss = number(got, what)
    after = lenet_state(sub, model, _("the grader's LeNet"))
    if any(not np.array_equal(before[key], after[key]) for key in SHAPES):
        fail(
            _(
                "{what} changed the weights although the optimizer's learning rate is 0: update "
                "the model only through the optimizer that is passed in"
            ).format(what=what)
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
            Mistake(_(UNWEIGHTED), float(means.mean()), rtol=1e-5),
            Mistake(_(SUM_OF_MEANS), float(means.sum()), rtol=1e-5),
            Mistake(_(TOTAL), float(losses.sum()), rtol=1e-5),
            Mistake(_(LAST_BATCH), float(means[-1]), rtol=1e-5),
            Mistake(_(FIRST_BATCH), float(means[0]), rtol=1e-5),
            Mistake(_(SOFTMAX_BEFORE_CE), float(wrong_ce.mean()), rtol=1e-5),
        ],
    )


@suite.check(points=2, title=N_("train_one_epoch: one SGD step per batch, gradients cleared"))
def epoch_steps(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    start = lenet_state(sub, model, _("the grader's LeNet"))
    batch_size = int(rng.integers(24, 41))
    n = batch_size + int(rng.integers(8, batch_size))
    X, y = sample(rng, n)
    lr = 0.1
    loader = pairs_loader(sub, env, X, y, batch_size)
    optimizer = sub.method(env.optim, "SGD", sub.method(model, "parameters"), lr=lr)
    sub.method(model, "eval")  # as an evaluate() between epochs leaves it
    sub.call("train_one_epoch", model, loader, optimizer)
    what = _("after train_one_epoch over 2 batches ({first} and {second} images)").format(
        first=batch_size, second=n - batch_size
    )
    with Findings() as findings:
        got = lenet_state(sub, model, _("the grader's LeNet"))
        findings.run(judge_steps, got, start, X, y, batch_size, lr, what)
        findings.run(mode_finding, sub, model, True, what, _(NOT_TRAIN_MODE))


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
        fail(f"{what}: {_(NO_STEP)}")
    for variant, hint in (
        ("no_zero_grad", NO_ZERO_GRAD),
        ("softmax", SOFTMAX_BEFORE_CE),
        ("summed", SUMMED_STEP),
        ("first_batch", FIRST_BATCH),
    ):
        if max_difference(got, replay(start, X, y, batch_size, lr, variant)) <= tolerance:
            fail(_("{what}, the weights show: {hint}").format(what=what, hint=_(hint)))
    fail(
        _(
            "{what} (SGD, lr={lr}), the weights differ from one step per batch on the mean "
            "cross-entropy by up to {gap:.3g}: per batch, call zero_grad, compute "
            "F.cross_entropy(model(images), labels), backward, step"
        ).format(what=what, lr=lr, gap=max_difference(got, want))
    )


@suite.check(
    points=2,
    title=N_("LeNet trained 3 epochs on 3,000 MNIST digits: held-out accuracy > 80%"),
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
            _("train_one_epoch (epoch {epoch})").format(epoch=epoch),
        )
        if not np.isfinite(loss):
            fail(
                _("train_one_epoch returned {loss} in epoch {epoch}: the training diverged").format(
                    loss=loss, epoch=epoch
                )
            )
    params = lenet_state(sub, model, "LeNet()")
    accuracy = float(np.mean(numpy_logits(X[test], params).argmax(axis=1) == y[test]))
    if accuracy <= THRESHOLD:
        fail(
            _(
                "after {epochs} epochs (Adam, lr=2e-3, batches of 64) the held-out accuracy is "
                "{accuracy:.1%}, recomputed from your model's weights; a correct model and loop "
                "reach about 92%. Check that every batch calls zero_grad, forward, "
                "F.cross_entropy on the raw logits, backward and step"
            ).format(epochs=EPOCHS, accuracy=accuracy)
        )


@suite.check(points=1, title=N_("evaluate returns (mean loss per sample, accuracy in [0, 1])"))
def evaluate_metrics(sub: Student, rng: np.random.Generator) -> None:
    env = seeded_torch(sub, rng)
    model = grader_lenet(sub, env)
    params = lenet_state(sub, model, _("the grader's LeNet"))
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
    what = _("evaluate over {n} images in batches of {batch_size}").format(
        n=n, batch_size=batch_size
    )
    sub.method(model, "train")  # as train_one_epoch leaves it
    loss, accuracy = sequence(sub.call("evaluate", model, loader), what, 2)
    # Both values are judged and every finding reported, so a wrong loss does not hide a
    # percentage accuracy.
    findings = Findings()
    loss_what = _("{what}: the loss").format(what=what)
    findings.run(judge_loss, number(loss, loss_what), losses, logits, y, batch_size, loss_what)
    accuracy_what = _("{what}: the accuracy").format(what=what)
    findings.run(
        judge_accuracy, number(accuracy, accuracy_what), correct, batch_size, accuracy_what
    )
    findings.run(mode_finding, sub, model, False, what, _(NOT_EVAL_MODE))
    findings.report()


def judge_loss(
    got: float,
    losses: np.ndarray,
    logits: np.ndarray,
    y: np.ndarray,
    batch_size: int,
    what: str,
) -> None:
    """evaluate's loss against the mean of `losses` (n,), then its known mistakes; logits
    (n, 10) and labels y (n,) give the softmax-first one."""
    n = len(losses)
    means = batch_means(losses, batch_size)
    close(
        got,
        float(losses.mean()),
        what,
        rtol=1e-5,
        atol=1e-6,
        mistakes=[
            Mistake(_(UNWEIGHTED), float(means.mean()), rtol=1e-5),
            Mistake(
                _(
                    "is the sum of the per-batch mean losses divided by the number of samples: "
                    "each batch mean already divides by its batch size. Add loss.item() * "
                    "batch size per batch (or use reduction='sum'), then divide by the number "
                    "of samples"
                ),
                float(means.sum() / n),
                rtol=1e-5,
            ),
            Mistake(_(TOTAL), float(losses.sum()), rtol=1e-5),
            Mistake(
                _(SOFTMAX_BEFORE_CE),
                float(cross_entropy_each(softmax(logits), y).mean()),
                rtol=1e-5,
            ),
            Mistake(_(FIRST_BATCH), float(losses[:batch_size].mean()), rtol=1e-5),
        ],
    )


def judge_accuracy(got: float, correct: np.ndarray, batch_size: int, what: str) -> None:
    """evaluate's accuracy against the fraction of `correct` (n,) booleans, then its known
    mistakes."""
    fraction = float(correct.mean())
    close(
        got,
        fraction,
        what,
        mistakes=[
            Mistake(_("is a percentage; return a fraction in [0, 1]"), 100.0 * fraction),
            Mistake(
                _(
                    "averages per-batch accuracies, but the last batch is smaller: count the "
                    "correct predictions over all batches and divide by the number of samples"
                ),
                float(batch_means(correct.astype(np.float64), batch_size).mean()),
            ),
            Mistake(
                _("is the number of correct predictions; divide by the number of samples"),
                float(correct.sum()),
            ),
        ],
    )
