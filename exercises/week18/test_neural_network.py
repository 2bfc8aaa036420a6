# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Your own tests for neural_network.py. Run them with `pytest exercises/week18`.

They are the sanity checks the module asks of every MLP: gradients have the right
shapes and values, training lowers the loss, and the network solves XOR. `grade mlp`
runs stricter hidden checks; these are yours to read, extend and debug with.

En español:

Tus propias pruebas para neural_network.py. Ejecútalas con `pytest exercises/week18`.

Son las comprobaciones básicas que el módulo pide a todo MLP: los gradientes tienen las formas y
los valores correctos, el entrenamiento baja la pérdida y la red resuelve XOR. `grade mlp`
ejecuta comprobaciones ocultas más estrictas; estas son tuyas: léelas, amplíalas y úsalas para
depurar.
"""

from __future__ import annotations

import numpy as np

from . import neural_network as nn


def numerical_gradient(model: nn.MLP, X: np.ndarray, Y: np.ndarray, index: int) -> np.ndarray:
    """Central differences of the loss with respect to model.params[index]."""
    param = model.params[index]
    grad = np.zeros_like(param)
    h = 1e-6
    for position in np.ndindex(param.shape):
        saved = param[position]
        param[position] = saved + h
        plus = model.loss(X, Y)
        param[position] = saved - h
        minus = model.loss(X, Y)
        param[position] = saved
        grad[position] = (plus - minus) / (2 * h)
    return grad


def test_forward_gives_one_probability_per_row_and_output() -> None:
    X = np.random.default_rng(0).standard_normal((7, 3))
    P = nn.MLP([3, 5, 2], activation="relu", seed=1).forward(X)
    assert P.shape == (7, 2)
    assert np.all((P > 0) & (P < 1))


def test_gradients_match_central_differences() -> None:
    rng = np.random.default_rng(2)
    X = rng.standard_normal((6, 4))
    Y = (rng.random((6, 1)) < 0.5).astype(float)
    model = nn.MLP([4, 5, 3, 1], activation="tanh", seed=3)
    model.forward(X)
    grads = model.backward(Y)
    assert [g.shape for g in grads] == [p.shape for p in model.params]
    for index, grad in enumerate(grads):
        expected = numerical_gradient(model, X, Y, index)
        np.testing.assert_allclose(grad, expected, rtol=1e-4, atol=1e-7)


def test_every_optimizer_lowers_the_loss() -> None:
    X, Y = nn.xor_data()
    optimizers: list[nn.Optimizer] = [nn.SGD(0.5), nn.Momentum(0.2), nn.Adam(0.05)]
    for optimizer in optimizers:
        losses = nn.train(nn.MLP([2, 8, 1], seed=0), X, Y, optimizer, epochs=300)
        assert len(losses) == 300
        assert losses[-1] < losses[0]


def test_xor_is_solved() -> None:
    model, losses = nn.train_xor(seed=0)
    X, Y = nn.xor_data()
    predictions = (model.forward(X) > 0.5).astype(float)
    np.testing.assert_array_equal(predictions, Y)
    assert losses[-1] < 0.05
