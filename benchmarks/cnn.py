"""NumPy CNN forward (week 19's reference) against torch.nn.functional, on LeNet shapes.

Batch 64 of 1x28x28: conv1 1->6 5x5 pad 2, 2x2 max pool, conv2 6->16 5x5, 2x2 max pool.
Both libraries get the same thread count (NumPy's BLAS through threadpoolctl, torch through
torch.set_num_threads). A naive scalar Python loop is timed on a few images and extrapolated
linearly in the batch size. The profile splits the reference conv into its steps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from common import best_of, load
from numpy.lib.stride_tricks import sliding_window_view

BATCH = 64
NAIVE_BATCH = 2


def inputs(dtype: type) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    return {
        "X": rng.standard_normal((BATCH, 1, 28, 28)).astype(dtype),
        "W1": (rng.standard_normal((6, 1, 5, 5)) * 0.2).astype(dtype),
        "b1": rng.standard_normal(6).astype(dtype),
        "W2": (rng.standard_normal((16, 6, 5, 5)) * 0.1).astype(dtype),
        "b2": rng.standard_normal(16).astype(dtype),
    }


def numpy_forward(p: dict[str, np.ndarray]) -> np.ndarray:
    from solutions.week19.cnn_forward import conv2d_forward, max_pool2d_forward

    h = max_pool2d_forward(conv2d_forward(p["X"], p["W1"], p["b1"], padding=2))
    return max_pool2d_forward(conv2d_forward(h, p["W2"], p["b2"]))


def torch_forward(p: dict[str, Any]) -> Any:
    import torch.nn.functional as F

    h = F.max_pool2d(F.conv2d(p["X"], p["W1"], p["b1"], padding=2), 2)
    return F.max_pool2d(F.conv2d(h, p["W2"], p["b2"]), 2)


def naive_conv(X: np.ndarray, W: np.ndarray, b: np.ndarray, padding: int) -> np.ndarray:
    """Seven nested Python loops over scalars."""
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding))).tolist()
    n, c_in, h, w = len(Xp), len(Xp[0]), len(Xp[0][0]), len(Xp[0][0][0])
    c_out, _, kh, kw = W.shape
    Wl, bl = W.tolist(), b.tolist()
    out = [[[[0.0] * (w - kw + 1) for _ in range(h - kh + 1)] for _ in range(c_out)]
           for _ in range(n)]  # fmt: skip
    for i in range(n):
        for o in range(c_out):
            for y in range(h - kh + 1):
                for x in range(w - kw + 1):
                    total = bl[o]
                    for c in range(c_in):
                        for dy in range(kh):
                            for dx in range(kw):
                                total += Xp[i][c][y + dy][x + dx] * Wl[o][c][dy][dx]
                    out[i][o][y][x] = total
    return np.array(out)


def naive_pool(X: np.ndarray, size: int = 2) -> np.ndarray:
    n, c, h, w = X.shape
    rows = X.tolist()
    out = [[[[max(rows[i][k][y * size + dy][x * size + dx]
                  for dy in range(size) for dx in range(size))
              for x in range(w // size)] for y in range(h // size)] for k in range(c)]
           for i in range(n)]  # fmt: skip
    return np.array(out)


def naive_forward(p: dict[str, np.ndarray]) -> np.ndarray:
    h = naive_pool(naive_conv(p["X"][:NAIVE_BATCH], p["W1"], p["b1"], 2))
    return naive_pool(naive_conv(h, p["W2"], p["b2"], 0))


def conv_steps(X: np.ndarray, W: np.ndarray, b: np.ndarray, padding: int) -> dict[str, float]:
    """Seconds of each step of the reference conv2d, done one at a time."""
    kh, kw = W.shape[2:]
    pad = ((0, 0), (0, 0), (padding, padding), (padding, padding))
    Xp = np.pad(X, pad)
    windows = sliding_window_view(Xp, (kh, kw), axis=(2, 3))
    n, c, ho, wo = windows.shape[:4]
    cols = np.ascontiguousarray(windows.transpose(0, 2, 3, 1, 4, 5)).reshape(n * ho * wo, -1)
    flat = W.reshape(W.shape[0], -1).T.copy()
    Z = (cols @ flat).reshape(n, ho, wo, -1)
    steps = {
        "pad": lambda: np.pad(X, pad),
        "im2col copy": lambda: np.ascontiguousarray(windows.transpose(0, 2, 3, 1, 4, 5)),
        "GEMM": lambda: cols @ flat,
        "bias + NCHW": lambda: (
            np.ascontiguousarray(Z.transpose(0, 3, 1, 2)) + b[None, :, None, None]
        ),
    }
    return {name: best_of(step, 30) for name, step in steps.items()}


def measure(threads: int, function: Callable[[], object], torch_threads: int) -> float:
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(torch_threads)
    with threadpool_limits(limits=threads, user_api="blas"):
        return best_of(function, 30, 3)


def run(threads_list: list[int]) -> dict[str, Any]:
    import torch

    start = load()
    result: dict[str, Any] = {"batch": BATCH, "rows": []}
    p64, p32 = inputs(np.float64), inputs(np.float32)
    t32 = {k: torch.from_numpy(v) for k, v in p32.items()}
    t64 = {k: torch.from_numpy(v) for k, v in p64.items()}
    assert np.allclose(numpy_forward(p32), torch_forward(t32).numpy(), atol=1e-4)
    for threads in threads_list:
        row = {
            "threads": threads,
            "numpy_f64": measure(threads, lambda: numpy_forward(p64), threads),
            "numpy_f32": measure(threads, lambda: numpy_forward(p32), threads),
            "torch_f32": measure(threads, lambda: torch_forward(t32), threads),
            "torch_f64": measure(threads, lambda: torch_forward(t64), threads),
        }
        print(f"  cnn threads={threads}: {row}", flush=True)
        result["rows"].append(row)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # the naive loop and the profile
        assert np.allclose(naive_forward(p64), numpy_forward(p64)[:NAIVE_BATCH])
        naive = best_of(lambda: naive_forward(p64), 1)
        result["naive_s_per_image"] = naive / NAIVE_BATCH
        result["naive_extrapolated_s"] = naive / NAIVE_BATCH * BATCH
        from solutions.week19.cnn_forward import conv2d_forward, max_pool2d_forward

        conv1 = conv2d_forward(p64["X"], p64["W1"], p64["b1"], padding=2)
        pool1 = np.ascontiguousarray(max_pool2d_forward(conv1))
        conv2 = conv2d_forward(pool1, p64["W2"], p64["b2"])
        result["profile"] = {
            "conv1 f64": conv_steps(p64["X"], p64["W1"], p64["b1"], 2),
            "conv2 f64": conv_steps(pool1, p64["W2"], p64["b2"], 0),
            "conv2 f32": conv_steps(pool1.astype(np.float32), p32["W2"], p32["b2"], 0),
            "whole": {
                "conv1": best_of(
                    lambda: conv2d_forward(p64["X"], p64["W1"], p64["b1"], padding=2), 30
                ),
                "pool1": best_of(lambda: max_pool2d_forward(conv1), 30),
                "conv2": best_of(lambda: conv2d_forward(pool1, p64["W2"], p64["b2"]), 30),
                "pool2": best_of(lambda: max_pool2d_forward(conv2), 30),
            },
        }
    result["load_start"], result["load_end"] = start, load()
    return result
