"""Exercise cnn-forward, numPy CNN forward: what it is and how the notebook
presents it. Its checks are in checks.py beside this file."""

from __future__ import annotations

from grader.checks.spec import Picture, Spec, pitfalls

SPEC = Spec(
    id="cnn-forward",
    title="NumPy CNN forward",
    module="week19.cnn_forward",
    alias="cnn_forward",
    timebox="60–90 min",
    goal=(
        "The forward pass of LeNet in NumPy, without loops over pixels. Only the forward pass: "
        "the point is to master the shapes; week 20 lets PyTorch do the training."
    ),
    basic=(
        "Write `conv2d_forward(X, W, b, stride, padding)`: a cross-correlation, as "
        "`torch.nn.functional.conv2d` computes it."
    ),
    intermediate="Write `max_pool2d_forward` and `avg_pool2d_forward` over square windows.",
    advanced=(
        "Write `lenet_forward(X, params)`: conv → ReLU → pool, twice, then flatten and three "
        "dense layers, using PyTorch's parameter names and layouts."
    ),
    shapes=(
        "`X`: (n, c_in, h, w); `W`: (c_out, c_in, kh, kw); `b`: (c_out,)",
        "`conv2d_forward` → (n, c_out, h_out, w_out), with the 7.8 formula on each axis",
        "pooling: (n, c, h, w) → (n, c, (h − size) // stride + 1, …)",
        "`lenet_forward(X (n, 1, 28, 28))` → logits (n, 10); dense weights are (d_out, d_in)",
    ),
    mistakes=pitfalls(
        (
            "padding the wrong axes",
            "Pad only height and width, on both sides; the batch and channel axes stay as "
            "they are.",
        ),
        (
            "flipping the kernel",
            "The textbook convolution flips the kernel; deep-learning libraries do not. To "
            "match PyTorch, slide the kernel as it is.",
        ),
        (
            "pooling across channels",
            "Each channel is pooled on its own: the number of channels never changes in a "
            "pooling layer.",
        ),
        (
            "PyTorch's dense layout",
            "`fc1.weight` is (120, 400), i.e. (d_out, d_in), so a dense layer is `x @ W.T + b`. "
            "And flatten in (channel, row, column) order, like `torch.flatten(x, 1)`.",
        ),
    ),
    pictures=(
        Picture(
            "plots.feature_maps(cnn_forward)",
            "A real handwritten digit, convolved with four hand-made 5×5 edge filters, then "
            "max-pooled. Each filter lights up where the stroke has its kind of edge; pooling "
            "halves the map but keeps where the strong responses are.",
        ),
    ),
    timeout=20.0,
)
