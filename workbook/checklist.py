"""The module's completion checklist, and what proves each item.

The items follow the module overview's checklist (weeks 17-20). An item is proven by
passing exercises, by a written answer in a notebook (graded by hand, so only "written"),
by a tool run on the student's code, or it is left for the student to tick.

Sections and texts are English data marked with ``N_()``: they stay English here (the ticks
file, the rubric's criteria and the tests name items by them), and `grade progress`
translates them when it prints the checklist.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.i18n import N_


@dataclass(frozen=True)
class Item:
    """One checklist line.

    Attributes:
        section: the checklist heading it sits under (English; translate with ``_()``).
        text: the line itself (English; translate with ``_()``).
        exercises: exercise ids that must all pass for the item to be ticked.
        answers: written-answer ids that must all be filled in.
        tool: "mypy" or "pytest": ticked when that tool passes on the student's code.
    """

    section: str
    text: str
    exercises: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    tool: str = ""

    @property
    def self_assessed(self) -> bool:
        return not (self.exercises or self.answers or self.tool)


# The checklist's sections, in order.
KNOWLEDGE = N_("Knowledge")
CNN_THEORY = N_("CNNs (theory)")
CNN_PRACTICE = N_("CNNs (practice)")
CODE = N_("Code deliverables")
OVERFIT = N_("Overfit test")
DERIVATION = N_("Analytical derivation")
FEYNMAN = N_("Feynman")

CHECKLIST: tuple[Item, ...] = (
    Item(KNOWLEDGE, N_("Understand how an artificial neuron mirrors a biological one.")),
    Item(KNOWLEDGE, N_("Implemented sigmoid, ReLU, tanh, softmax and their derivatives."),
         exercises=("7.1", "7.3", "mlp-forward")),
    Item(KNOWLEDGE, N_("Understand why XOR is not linearly separable."),
         exercises=("perceptron",), answers=("xor-not-linearly-separable",)),
    Item(KNOWLEDGE, N_("Implemented the MLP forward pass."), exercises=("mlp-forward",)),
    Item(KNOWLEDGE, N_("Understand backprop as the chain rule on a graph.")),
    Item(KNOWLEDGE, N_("Implemented the backward pass (gradients)."), exercises=("7.4", "mlp")),
    Item(KNOWLEDGE, N_("Implemented SGD, SGD+Momentum and Adam."), exercises=("7.6", "mlp")),
    Item(KNOWLEDGE, N_("The network solves XOR."), exercises=("mlp",)),
    Item(CNN_THEORY, N_("Understand convolution, stride, padding and pooling.")),
    Item(CNN_THEORY, N_("Can compute CNN output sizes."), exercises=("7.8", "shape-quiz")),
    Item(CNN_THEORY, N_("Know LeNet-5 at the level of its layers.")),
    Item(CNN_PRACTICE, N_("NumPy forward pass (conv + pooling) of a LeNet-like net."),
         exercises=("cnn-forward",)),
    Item(CNN_PRACTICE, N_("Trained the equivalent CNN with PyTorch "
                          "(scripts/train_cnn_pytorch.py)."), exercises=("cnn-train",)),
    Item(CODE, N_("neural_network.py passes its tests."), exercises=("mlp",)),
    Item(CODE, N_("mypy passes on your code."), tool="mypy"),
    Item(CODE, N_("pytest passes on your code."), tool="pytest"),
    Item(OVERFIT, N_("overfit_test.py is implemented."), exercises=("overfit",)),
    Item(OVERFIT, N_("The network overfits XOR (loss < 0.01)."), exercises=("overfit",)),
    Item(OVERFIT, N_("When it failed, I debugged with gradient checks.")),
    Item(DERIVATION, N_("Derived the backprop equations by hand."),
         answers=("backprop-derivation",)),
    Item(DERIVATION, N_("Documented a computation graph."), answers=("computation-graph",)),
    Item(FEYNMAN, N_("Explain backprop in 5 lines."), answers=("feynman-backprop",)),
    Item(FEYNMAN, N_("Explain ReLU vs sigmoid in 5 lines."),
         answers=("feynman-relu-vs-sigmoid",)),
    Item(FEYNMAN, N_("Explain convolution in 5 lines."), answers=("feynman-convolution",)),
    Item(FEYNMAN, N_("Explain pooling in 5 lines."), answers=("feynman-pooling",)),
)  # fmt: skip
