"""Pictures of what the workbook's code does, drawn with the student's code when it works.

Every function takes the student's module (or any object with the same attributes, such as a
``types.SimpleNamespace`` of functions) and returns a matplotlib :class:`Figure`. Each piece of
student code it needs is tried on its own; when it raises (``NotImplementedError`` from an
untouched stub, or any other error) or returns something unusable (a wrong shape, ``nan``, a
parameter that did not move), that piece is redrawn with the reference solution, and the
figure's title says which code drew what. A picture therefore always appears, and never
silently shows the reference as if it were the student's work.

Figures are made with :class:`matplotlib.figure.Figure` directly, not ``pyplot``: no global
figure state, and they render on any backend (Agg included). Pass ``path`` to also save a PNG.

This package only gathers the public names: the fallback machinery is in
:mod:`workbook.plots.picker`, the figures in :mod:`~workbook.plots.week17` (activations,
softmax, perceptron), :mod:`~workbook.plots.week18` (optimizers, XOR, overfit test) and
:mod:`~workbook.plots.cnn` (feature maps, LeNet shapes, LeNet training).
"""

from __future__ import annotations

from workbook.plots.cnn import (
    EDGE_FILTERS,
    LENET_LAYERS,
    feature_maps,
    lenet_shape_table,
    train_briefly,
    training_curves,
)
from workbook.plots.picker import (
    MISSING,
    REFERENCE_LABEL,
    YOURS,
    FloatArray,
    NeedsYourCode,
    PathLike,
    Picker,
    Unusable,
    finite_array,
    load_reference,
)
from workbook.plots.week17 import (
    GATE_INPUTS,
    GATE_OUTPUTS,
    activations,
    perceptron_gates,
    softmax_temperature,
)
from workbook.plots.week18 import (
    optimizers_1d,
    optimizers_2d,
    overfit_curve,
    quadratic_grad,
    run_optimizer,
    xor_boundary,
)

__all__ = [
    "EDGE_FILTERS",
    "GATE_INPUTS",
    "GATE_OUTPUTS",
    "LENET_LAYERS",
    "MISSING",
    "REFERENCE_LABEL",
    "YOURS",
    "FloatArray",
    "NeedsYourCode",
    "PathLike",
    "Picker",
    "Unusable",
    "activations",
    "feature_maps",
    "finite_array",
    "lenet_shape_table",
    "load_reference",
    "optimizers_1d",
    "optimizers_2d",
    "overfit_curve",
    "perceptron_gates",
    "quadratic_grad",
    "run_optimizer",
    "softmax_temperature",
    "train_briefly",
    "training_curves",
    "xor_boundary",
]
