"""Exercise cnn-train, pyTorch CNN training: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="cnn-train",
    title="PyTorch CNN training",
    module="week20.cnn_pytorch",
    alias="cnn_pytorch",
    timebox="60–90 min",
    goal=(
        "Train week 19's LeNet for real. PyTorch computes the backward pass; you write the "
        "model and the training and evaluation loops."
    ),
    basic=(
        "Write `LeNet.__init__` and `LeNet.forward` with the layer names `conv1`, `conv2`, "
        "`fc1`, `fc2`, `fc3`, so the weights fit week 19's `lenet_forward`."
    ),
    intermediate=(
        "Write `train_one_epoch(model, loader, optimizer)`: one optimizer step per mini-batch, "
        "returning the mean loss per sample."
    ),
    advanced=(
        "Write `evaluate(model, loader)` (loss and accuracy, no gradients), then train with "
        "`python scripts/train_cnn_pytorch.py` and read the curves."
    ),
    shapes=(
        "images: (b, 1, 28, 28) float32; labels: (b,) int64",
        "`LeNet()(x)` → logits (b, 10), no softmax",
        "`train_one_epoch` → float; `evaluate` → (loss, accuracy in [0, 1])",
    ),
    mistakes=pitfalls(
        (
            "no zero_grad",
            "PyTorch adds new gradients to the old ones. Without `optimizer.zero_grad()` before "
            "each `backward()`, every step also repeats all earlier batches.",
        ),
        (
            "a softmax at the end of forward",
            "`F.cross_entropy` applies log-softmax itself. A softmax in the model makes it apply "
            "two, and training crawls.",
        ),
        (
            "keeping loss tensors around",
            "Add up `loss.item()`, not `loss`: a tensor keeps its whole graph alive.",
        ),
        (
            "evaluating with gradients on, or in train mode",
            "Use `model.eval()` and `torch.no_grad()`. And weight each batch by its size: the "
            "last batch is usually smaller.",
        ),
    ),
    pictures=(
        Picture(
            "plots.training_curves(cnn_pytorch, n_train=600, n_test=300, epochs=3)",
            "A short training run of your LeNet on 600 real digits (seconds, on a CPU), tested "
            "on 300 others. The training loss should fall every epoch and the test accuracy "
            "rise well above the 10% of guessing. The full run of the script goes much further. "
            "To draw a run of your own, pass the history that `fit` returns: "
            "`plots.training_curves(history=history)`.",
        ),
    ),
    timeout=90.0,
    memory_gib=6.0,
    preload=("torch",),
)
