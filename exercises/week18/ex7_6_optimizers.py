# Your workbook file: replace each `raise NotImplementedError` with your code.
# Generated from the reference by scripts/generate_exercises.py.
"""Exercise 7.6: plain gradient descent and Adam on f(w) = (w - 3)**2.

A one-dimensional quadratic is the smallest place to see how an optimizer behaves:
gradient descent with lr < 1 contracts the distance to the minimum by a fixed factor
|1 - 2 lr| per step, while Adam moves roughly ``lr`` per step whatever the gradient's
size, then settles as its moment estimates adapt.

En español:

Ejercicio 7.6: descenso de gradiente simple y Adam sobre f(w) = (w - 3)**2.

Una cuadrática de una dimensión es el lugar más pequeño donde ver cómo se comporta un
optimizador: el descenso de gradiente con lr < 1 reduce la distancia al mínimo en un factor fijo
|1 - 2 lr| en cada paso, mientras que Adam avanza más o menos ``lr`` por paso sea cual sea el
tamaño del gradiente, y luego se asienta a medida que se adaptan sus estimaciones de los
momentos.
"""

from __future__ import annotations

import math


def grad_f(w: float) -> float:
    """Derivative of f(w) = (w - 3)**2 (given).

    Args:
        w: current parameter.
    Returns:
        2 (w - 3).

    Common mistake: stepping along +grad (ascent) instead of -grad.
    """
    return 2.0 * (w - 3.0)


def sgd(w0: float, lr: float, steps: int) -> float:
    """Gradient descent: w <- w - lr * f'(w), repeated ``steps`` times.

    Args:
        w0: starting point.
        lr: learning rate (converges on this f for 0 < lr < 1).
        steps: number of updates.
    Returns:
        the final w.

    Common mistake: reusing the gradient computed at w0 for every step instead of
    re-evaluating it at the current w.

    En español:

    Descenso de gradiente: w <- w - lr * f'(w), repetido ``steps`` veces.

    Argumentos:
        w0: punto de partida.
        lr: tasa de aprendizaje (con esta f converge para 0 < lr < 1).
        steps: número de actualizaciones.
    Devuelve:
        la w final.

    Error común: reutilizar en cada paso el gradiente calculado en w0 en lugar de volver a
    evaluarlo en la w actual.
    """
    # TODO(student): loop, re-evaluating grad_f at the current w each time.
    raise NotImplementedError("sgd")


def adam(
    w0: float,
    lr: float,
    steps: int,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
) -> float:
    """Adam: running means of the gradient (m) and squared gradient (v), bias-corrected.

    For t = 1, 2, ...: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g**2,
    m_hat = m / (1 - b1**t), v_hat = v / (1 - b2**t), w <- w - lr m_hat / (sqrt(v_hat) + eps).

    Args:
        w0: starting point.
        lr: step size; Adam's steps are about lr long regardless of the gradient's scale.
        steps: number of updates.
        beta1: decay of the first-moment average.
        beta2: decay of the second-moment average.
        eps: keeps the division finite when v_hat is ~0.
    Returns:
        the final w.

    Common mistake: skipping the bias correction (m and v start at 0, so without m_hat and
    v_hat the first step is about 3x lr instead of lr with the default betas); starting the
    step counter at 0 (division by zero); or putting eps inside the square root,
    sqrt(v_hat + eps), or ignoring the eps argument.

    En español:

    Adam: medias móviles del gradiente (m) y del gradiente al cuadrado (v), con corrección de
    sesgo.

    Para t = 1, 2, ...: m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g**2, m_hat = m / (1 -
    b1**t), v_hat = v / (1 - b2**t), w <- w - lr m_hat / (sqrt(v_hat) + eps).

    Argumentos:
        w0: punto de partida.
        lr: tamaño del paso; los pasos de Adam miden aproximadamente lr, sea cual sea la escala
            del gradiente.
        steps: número de actualizaciones.
        beta1: decaimiento de la media del primer momento.
        beta2: decaimiento de la media del segundo momento.
        eps: mantiene finita la división cuando v_hat es ~0.
    Devuelve:
        la w final.

    Error común: saltarse la corrección de sesgo (m y v empiezan en 0, así que sin m_hat ni
    v_hat el primer paso mide unas 3x lr en vez de lr con las betas por defecto); empezar el
    contador de pasos en 0 (división por cero); o poner eps dentro de la raíz cuadrada,
    sqrt(v_hat + eps), o ignorar el argumento eps.
    """
    # TODO(student): keep m, v and a step counter t starting at 1; update them, then w.
    raise NotImplementedError("adam")
