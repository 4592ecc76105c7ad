"""Which learning rates converge, overshoot or blow up, read off the data.

Along a direction of curvature λ one step multiplies the error by
r = 1 − η λ. It shrinks while |r| < 1, so η < 2/λmax is the whole stable
range; r < 0 (η > 1/λ) means each step jumps past the optimum.
"""

import math
from dataclasses import dataclass

import numpy as np

from neuron import _checks
from neuron.bowl import bowl

TOLERANCE = 0.01  # "learned": within 1 % of the starting error, or of the optimum

CONVERGES, OSCILLATES, DIVERGES = "converges", "oscillates", "diverges"


@dataclass(frozen=True, eq=False)
class Stability:
    """How gradient descent behaves on a dataset at one learning rate.

    Attributes
    ----------
    learning_rate : float
    curvatures : ndarray of shape (2,)
        Eigenvalues of the loss's Hessian, smallest first. For the article's
        data they are about 1.9994 (mostly the bias) and 1667 (mostly the weight).
    step_factors : ndarray of shape (2,)
        1 − learning_rate · curvature: what one step multiplies the error
        along each of those directions by.
    critical_learning_rate : float
        2 / λmax. Above it the loss grows without bound.
    oscillation_learning_rate : float
        1 / λmax. Above it the weight overshoots its optimum at every step.
    optimal_learning_rate : float
        2 / (λmin + λmax): the rate whose slowest direction is fastest.
    condition_number : float
        λmax / λmin: how much flatter the flattest direction is.
    verdict : {"converges", "oscillates", "diverges"}
    weight_iterations, bias_iterations : int or None
        Predicted iterations until the error along the direction that
        carries most of the weight (or the bias) has shrunk to 1 % of its
        starting size; None when it never will.
    """

    learning_rate: float
    curvatures: np.ndarray
    step_factors: np.ndarray
    critical_learning_rate: float
    oscillation_learning_rate: float
    optimal_learning_rate: float
    condition_number: float
    verdict: str
    weight_iterations: int | None
    bias_iterations: int | None

    @property
    def fraction_of_critical(self):
        """The learning rate as a fraction of the critical one."""
        return self.learning_rate / self.critical_learning_rate


def stability(dataset, learning_rate):
    """Predict, from the data alone, what gradient descent will do.

    Parameters
    ----------
    dataset : Dataset
    learning_rate : float

    Returns
    -------
    Stability
    """
    lr = _checks.learning_rate(learning_rate)
    shape = bowl(dataset)
    lo, hi = (float(c) for c in shape.curvatures)
    factors = 1 - lr * shape.curvatures
    # Which direction carries each parameter: its largest eigenvector component.
    mode_of = np.argmax(np.abs(shape.directions), axis=1)
    weight_n, bias_n = (_iterations_to_shrink(factors[m]) for m in mode_of)
    return Stability(
        learning_rate=lr,
        curvatures=shape.curvatures,
        step_factors=factors,
        critical_learning_rate=2 / hi,
        oscillation_learning_rate=1 / hi,
        optimal_learning_rate=2 / (lo + hi),
        condition_number=hi / lo,
        verdict=_verdict(lr, hi),
        weight_iterations=weight_n,
        bias_iterations=bias_n,
    )


def _verdict(lr, curvature):
    if lr * curvature >= 2:
        return DIVERGES
    if lr * curvature > 1:
        return OSCILLATES
    return CONVERGES


def _iterations_to_shrink(factor):
    """Smallest t with |factor|ᵗ ≤ TOLERANCE, or None if |factor| ≥ 1."""
    r = abs(float(factor))
    if r >= 1:
        return None
    if r <= TOLERANCE:
        return 1
    return math.ceil(math.log(TOLERANCE) / math.log(r) - 1e-9)
