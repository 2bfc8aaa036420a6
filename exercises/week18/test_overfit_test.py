# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Your own tests for overfit_test.py. Run them with `pytest exercises/week18`.

En español:

Tus propias pruebas para overfit_test.py. Ejecútalas con `pytest exercises/week18`.
"""

from __future__ import annotations

import numpy as np

from . import overfit_test as ot


def test_xor_is_memorized() -> None:
    assert ot.run_overfit_test() < 0.01


def test_gradient_check_tells_right_from_wrong_gradients() -> None:
    rng = np.random.default_rng(0)
    X = rng.standard_normal((5, 3))
    Y = (rng.random((5, 1)) < 0.5).astype(float)
    params = ot.init_params(3, 4, 1, seed=1)
    _, cache = ot.forward(params, X)
    grads = ot.backward(params, cache, Y)
    assert ot.gradient_check(params, X, Y, grads) < 1e-5
    assert ot.gradient_check(params, X, Y, [5.0 * g for g in grads]) > 0.1
