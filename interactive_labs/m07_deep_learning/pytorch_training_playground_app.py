"""PyTorch training playground: train a small MLP live and watch its decision boundary.

Run from the workbook's folder:

    .venv/bin/streamlit run interactive_labs/m07_deep_learning/pytorch_training_playground_app.py

This page only lays out controls and pictures; the training, the data sets, the student
engine and the figures live in `playground.py` and the modules it imports. The page keeps
one `Playground` per browser session in `st.session_state` and trains it a few epochs per
script run, calling `st.rerun()` while it is running, so Pause (or any control) gets
through between two chunks.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this file's folder on sys.path, not the workbook's root.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
import torch  # noqa: E402

from interactive_labs.m07_deep_learning import playground as pg  # noqa: E402

# Tiny networks gain nothing from intra-op threads, and on a small machine they would
# compete with the student's worker process for the same cores.
torch.set_num_threads(1)

BATCH_SIZES = (0, 4, 8, 16, 32, 64, 128)  # 0: full batch
LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 0.5, 1.0, 3.0)
AGREE = 1e-6  # |torch loss - student loss| below this counts as the same curve
state = st.session_state


def sidebar() -> tuple[pg.Config, int, int, Path | None]:
    """The controls. Returns the run's config, total epochs, epochs per refresh, student root."""
    with st.sidebar:
        st.header("Data")
        dataset = st.selectbox("data set", pg.DATASETS, key="dataset")
        n_points = st.slider("points", 20, 1000, 200, step=20, key="n_points")
        noise = st.slider("noise", 0.0, 0.5, 0.1, step=0.01, key="noise")
        st.header("Network")
        hidden_layers = st.slider("hidden layers", 1, 6, 2, key="hidden_layers")
        width = st.slider("width (units per hidden layer)", 1, 64, 8, key="width")
        activation = st.selectbox(
            "activation",
            pg.ACTIVATIONS,
            format_func=lambda a: "ReLU" if a == "relu" else a,
            key="activation",
        )
        st.header("Training")
        optimizer = st.selectbox("optimizer", pg.OPTIMIZERS, key="optimizer")
        lr = st.select_slider("learning rate", LEARNING_RATES, value=0.05, key="lr")
        momentum = 0.9
        if optimizer == "Momentum":
            momentum = st.slider("momentum beta", 0.0, 0.99, 0.9, step=0.01, key="momentum")
        batch = st.selectbox(
            "batch size",
            BATCH_SIZES,
            format_func=lambda b: str(b) if b else "full batch",
            key="batch_size",
        )
        epochs = int(st.number_input("epochs", 1, 100_000, 500, step=100, key="epochs"))
        seed = st.number_input("seed", 0, 1_000_000, 0, key="seed")
        per_refresh = st.slider("epochs per refresh", 1, 200, 10, key="per_refresh")
        st.header("Your NumPy MLP (week 18)")
        student_on = st.checkbox(
            "Also train my NumPy MLP",
            help=f"Trains MLP and the optimizer from {pg.STUDENT_PATH.as_posix()} in a "
            "separate process, from the same initial weights on the same batches.",
            key="student",
        )
        folder = st.text_input("exercises folder", str(pg.DEFAULT_STUDENT_ROOT), key="student_root")
    config = pg.Config(
        dataset=str(dataset),
        n_points=int(n_points),
        noise=float(noise),
        hidden_layers=int(hidden_layers),
        width=int(width),
        activation=str(activation),
        optimizer=str(optimizer),
        lr=float(lr),
        momentum=float(momentum),
        batch_size=int(batch or 0),
        seed=int(seed),
    )
    return config, epochs, per_refresh, Path(folder).expanduser() if student_on else None


def new_run(config: pg.Config) -> pg.Playground:
    old = state.get("lab")
    if isinstance(old, pg.Playground):
        old.close()
    state.running = False
    lab = pg.Playground(config)
    state.lab = lab
    return lab


def start() -> None:
    state.running = True


def pause() -> None:
    state.running = False


def step() -> None:
    state.step_once = True


def reset() -> None:
    lab = state.get("lab")
    if isinstance(lab, pg.Playground):
        new_run(lab.config)


def student_report(lab: pg.Playground) -> None:
    """The student engine's problem, or how closely their loss curve follows autograd's."""
    run = lab.student
    if run is None:
        return
    if run.problem:
        st.error(run.problem)
        return
    gap, first = lab.loss_gap(), lab.first_disagreement(AGREE)
    if gap is None:
        st.info(f"Your MLP from {pg.student_file_label(run.root)} trains alongside PyTorch.")
    elif first is None:
        st.success(
            f"Your backprop and optimizer agree with autograd: max |loss difference| "
            f"{gap:.1e} over {run.history.epochs} epochs."
        )
    else:
        # With one batch, epoch 1's loss is taken before any update: only forward shows.
        where = (
            "Epoch 1 comes before any update, so a difference there is forward's; from "
            "epoch 2 on it is backward's or the optimizer's. "
            if lab.config.batch_size == 0
            else ""
        )
        st.warning(
            f"Your loss curve leaves PyTorch's at epoch {first} (max |difference| {gap:.2g}). "
            f"{where}`grade {pg.EXERCISE_ID}` tells which function is wrong."
        )


st.set_page_config(page_title="PyTorch training playground", layout="wide")
st.title("PyTorch training playground")
st.caption(
    "Train a small MLP on a 2-D data set and watch its decision boundary, loss, accuracy and "
    "per-layer gradient norms live. Tick *Also train my NumPy MLP* to train your week 18 "
    "network next to it from the same initial weights."
)

config, epochs, per_refresh, student_root = sidebar()
lab = state.get("lab")
if not isinstance(lab, pg.Playground) or lab.config != config:
    lab = new_run(config)
lab.set_student(student_root)
lab.refresh_student()

buttons = st.columns(4)
buttons[0].button("Start", on_click=start, type="primary", width="stretch", key="start")
buttons[1].button("Pause", on_click=pause, width="stretch", key="pause")
buttons[2].button(
    "Step", on_click=step, width="stretch", key="step", help=f"Train {per_refresh} epochs"
)
buttons[3].button("Reset", on_click=reset, width="stretch", key="reset")

running = bool(state.get("running", False))
if running or state.pop("step_once", False):
    lab.train(until=epochs, budget_s=0.5, max_epochs=per_refresh)
    if lab.finished(epochs):
        state.running = running = False

loss = lab.history.loss[-1] if lab.epoch else lab.loss_now()
accuracy = lab.history.accuracy[-1] if lab.epoch else None
cells = st.columns(5)
cells[0].metric("epoch", f"{lab.epoch} / {epochs}")
cells[1].metric("loss", f"{loss:.4g}")
cells[2].metric("accuracy", "–" if accuracy is None else f"{accuracy:.1%}")
if lab.student is not None:
    history = lab.student.history
    cells[3].metric("your loss", f"{history.loss[-1]:.4g}" if history.epochs else "–")
    gap = lab.loss_gap()
    cells[4].metric("max |Δ loss|", "–" if gap is None else f"{gap:.1e}")
status = "training…" if running else ("done" if lab.finished(epochs) else "paused")
st.caption(f"Status: {status}. Layers {config.layer_sizes}, {config.activation}, "
           f"{config.optimizer} lr {config.lr:g}.")  # fmt: skip
student_report(lab)

grid = pg.make_grid(lab.X)
left, right = st.columns(2)
with left:
    boundary = pg.boundary_figure(lab.X, lab.Y, grid, lab.boundaries(grid))
    st.image(pg.figure_png(boundary), caption="decision boundary: P(class 1)")
with right:
    student_history = lab.student.history if lab.student is not None else None
    curves = pg.curves_figure(lab.history, student_history)
    st.image(pg.figure_png(curves), caption="training curves")

with st.expander("What to try"):
    st.markdown(
        "- **Vanishing gradients:** 5 hidden layers, *sigmoid*, SGD: the first layer's "
        "‖dW‖ is orders of magnitude below the last one's. Switch to ReLU or tanh.\n"
        "- **Learning rate:** SGD at 3.0 oscillates or diverges; at 0.001 it crawls.\n"
        "- **Capacity:** spirals need depth and width; 1 x 2 cannot bend enough.\n"
        "- **Your backprop:** tick *Also train my NumPy MLP*. With full batch the two loss "
        "curves lie on top of each other (difference ~1e-16) when your code is right."
    )

if running:
    st.rerun()
