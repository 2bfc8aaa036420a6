"""The module's completion checklist, and what proves each item.

The items follow the module overview's checklist (weeks 17-20). An item is proven by
passing exercises, by a written answer in a notebook (graded by hand, so only "written"),
by a tool run on the student's code, or it is left for the student to tick.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    """One checklist line.

    Attributes:
        section: the checklist heading it sits under.
        text: the line itself.
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


CHECKLIST: tuple[Item, ...] = (
    Item("Knowledge", "Understand how an artificial neuron mirrors a biological one."),
    Item("Knowledge", "Implemented sigmoid, ReLU, tanh, softmax and their derivatives.",
         exercises=("7.1", "7.3", "mlp-forward")),
    Item("Knowledge", "Understand why XOR is not linearly separable.",
         exercises=("perceptron",), answers=("xor-not-linearly-separable",)),
    Item("Knowledge", "Implemented the MLP forward pass.", exercises=("mlp-forward",)),
    Item("Knowledge", "Understand backprop as the chain rule on a graph."),
    Item("Knowledge", "Implemented the backward pass (gradients).", exercises=("7.4", "mlp")),
    Item("Knowledge", "Implemented SGD, SGD+Momentum and Adam.", exercises=("7.6", "mlp")),
    Item("Knowledge", "The network solves XOR.", exercises=("mlp",)),
    Item("CNNs (theory)", "Understand convolution, stride, padding and pooling."),
    Item("CNNs (theory)", "Can compute CNN output sizes.", exercises=("7.8", "shape-quiz")),
    Item("CNNs (theory)", "Know LeNet-5 at the level of its layers."),
    Item("CNNs (practice)", "NumPy forward pass (conv + pooling) of a LeNet-like net.",
         exercises=("cnn-forward",)),
    Item("CNNs (practice)", "Trained the equivalent CNN with PyTorch "
         "(scripts/train_cnn_pytorch.py).", exercises=("cnn-train",)),
    Item("Code deliverables", "neural_network.py passes its tests.", exercises=("mlp",)),
    Item("Code deliverables", "mypy passes on your code.", tool="mypy"),
    Item("Code deliverables", "pytest passes on your code.", tool="pytest"),
    Item("Overfit test", "overfit_test.py is implemented.", exercises=("overfit",)),
    Item("Overfit test", "The network overfits XOR (loss < 0.01).", exercises=("overfit",)),
    Item("Overfit test", "When it failed, I debugged with gradient checks."),
    Item("Analytical derivation", "Derived the backprop equations by hand.",
         answers=("backprop-derivation",)),
    Item("Analytical derivation", "Documented a computation graph.",
         answers=("computation-graph",)),
    Item("Feynman", "Explain backprop in 5 lines.", answers=("feynman-backprop",)),
    Item("Feynman", "Explain ReLU vs sigmoid in 5 lines.", answers=("feynman-relu-vs-sigmoid",)),
    Item("Feynman", "Explain convolution in 5 lines.", answers=("feynman-convolution",)),
    Item("Feynman", "Explain pooling in 5 lines.", answers=("feynman-pooling",)),
)  # fmt: skip
