# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.8: the output size of a 2-D convolution.

Every spatial axis is handled on its own. Padding adds ``padding`` zeros on *both* sides, the
kernel must fit entirely inside the padded input, and the kernel then moves ``stride`` steps
at a time. Positions where the kernel would stick out past the edge are dropped, which is why
the division rounds down.
"""

from __future__ import annotations


def conv2d_out(
    H: int, W: int, KH: int, KW: int, stride: int = 1, padding: int = 0
) -> tuple[int, int]:
    """Spatial output size of a convolution (no dilation), rounding down.

    For each axis: ``out = floor((in + 2 * padding - kernel) / stride) + 1``.

    Args:
        H: input height in pixels.
        W: input width in pixels.
        KH: kernel height.
        KW: kernel width.
        stride: step between neighbouring kernel positions (the same on both axes).
        padding: zeros added on each side of both axes.
    Returns:
        (H_out, W_out): the output height and width, as Python ints.

    Common mistake: adding the padding once (``+ padding``) instead of on both sides
    (``+ 2 * padding``), or rounding up instead of down when the stride does not divide evenly.
    """
    # TODO(student): apply floor((size + 2*padding - kernel) / stride) + 1 to each axis.
    raise NotImplementedError("conv2d_out")


if __name__ == "__main__":
    print("28x28, 5x5 kernel, no padding ->", conv2d_out(28, 28, 5, 5))
    print("28x28, 5x5 kernel, padding 2  ->", conv2d_out(28, 28, 5, 5, padding=2))
    print("28x28, 5x5 kernel, stride 2   ->", conv2d_out(28, 28, 5, 5, stride=2))
