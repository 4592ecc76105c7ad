"""Which learning rates converge, overshoot, sit on the edge or blow up.

Along a direction of curvature λ, with a = η λ, plain gradient descent
multiplies the error by r = 1 − a at each step: it shrinks while |r| < 1, so
η < 2 / λmax is the whole stable range, and r < 0 means each step jumps past
the optimum. With momentum the (error, velocity) pair is multiplied by a
2 × 2 matrix (see ``neuron.closed_form``) whose roots solve
r² − 2 m r + δ = 0; by the Jury criterion they stay inside the unit circle
exactly while a < 2 (1 + μ) for heavy ball and a < 2 (1 + μ) / (1 + 2 μ) for
Nesterov, where a root reaches −1. Complex roots mean the error rings around
the optimum. Adam and RMSProp rescale each step by the gradient's own size,
so no such closed-form verdict exists for them: their ``stability_model`` is
None.
"""

from dataclasses import dataclass

import numpy as np

from neuron import _checks
from neuron.bowl import bowl
from neuron.closed_form import coefficients, family
from neuron.parameters import BY_NAME

CONVERGES, OSCILLATES, EDGE, DIVERGES = "converges", "oscillates", "edge", "diverges"
ROUNDING = 8 * np.finfo(float).eps  # a rate this close to critical is on the edge


@dataclass(frozen=True, eq=False)
class Stability:
    """What an optimizer does on a dataset, read off the data's curvatures.

    Attributes
    ----------
    optimizer : GradientDescent, Momentum, Adam or RMSProp
    bowl : Bowl
        The data's own facts (curvatures, critical rate of plain descent…).
    critical_learning_rate : float or None
        The rate above which this optimizer blows up: 2 / λmax for plain
        descent, 2 (1 + μ) / λmax for heavy ball, 2 (1 + μ) / ((1 + 2 μ) λmax)
        for Nesterov; None for Adam and RMSProp.
    fraction_of_critical : float or None
        The learning rate over ``critical_learning_rate``; None for Adam and
        RMSProp.
    radii : ndarray of shape (2,)
        Per curvature direction (flattest first), how much one step scales
        the error in the long run: |1 − η λ| for plain descent, the spectral
        radius of the 2 × 2 matrix with momentum; NaN for Adam and RMSProp.
    step_factors : ndarray of shape (2,)
        1 − η λ for plain descent, signed. NaN otherwise: with momentum the
        error is not multiplied by one number each step.
    overshoots : ndarray of bool, shape (2,), or None
        Whether the error along each direction jumps past the optimum: a
        negative factor, complex roots (ringing) or a negative dominant
        root. None for Adam and RMSProp.
    verdict : {"converges", "oscillates", "edge", "diverges"} or None
        "edge" at the critical rate within rounding: the steep direction
        neither shrinks nor grows. None for Adam and RMSProp, which have no
        closed-form verdict.
    """

    optimizer: object
    bowl: object
    critical_learning_rate: float | None
    fraction_of_critical: float | None
    radii: np.ndarray
    step_factors: np.ndarray
    overshoots: np.ndarray | None
    verdict: str | None

    @property
    def learning_rate(self):
        return self.optimizer.learning_rate


def stability(dataset, optimizer_or_rate):
    """Predict, from the data alone, what an optimizer will do.

    Parameters
    ----------
    dataset : Dataset
    optimizer_or_rate : GradientDescent, Momentum, Adam, RMSProp or float
        A bare float means plain gradient descent at that rate.

    Returns
    -------
    Stability
    """
    if _checks.is_optimizer(optimizer_or_rate):
        opt = optimizer_or_rate
    else:
        opt = _checks.optimizer(None, optimizer_or_rate)
    shape = bowl(dataset)
    if opt.stability_model is None:
        nan = np.full(2, np.nan)
        return Stability(opt, shape, None, None, nan, nan, None, None)
    mu, nesterov = family(opt)
    radii, overshoots, verdict = _judge(
        opt.learning_rate * shape.curvatures, np.array([mu]), nesterov
    )
    critical = _critical(mu, nesterov) / float(shape.curvatures[-1])
    factors = 1 - opt.learning_rate * shape.curvatures if mu == 0 else np.full(2, np.nan)
    for a in (radii, overshoots, factors):
        a.setflags(write=False)
    return Stability(
        opt,
        shape,
        critical,
        opt.learning_rate / critical,
        radii,
        factors,
        overshoots,
        str(verdict),
    )


def stability_grid(dataset, learning_rates, momenta, *, nesterov=False):
    """The verdict of momentum over a grid of rates and momenta, for a stability map.

    Parameters
    ----------
    dataset : Dataset
    learning_rates : array-like of shape (n_rates,)
    momenta : array-like of shape (n_momenta,)
        μ = 0 is plain gradient descent.
    nesterov : bool, default False

    Returns
    -------
    ndarray of str, shape (n_momenta, n_rates)
        Element [i, j] is ``stability(dataset, Momentum(learning_rates[j],
        momenta[i], nesterov=nesterov)).verdict``.
    """
    rates = np.asarray(learning_rates, dtype=float).ravel()
    mus = np.asarray(momenta, dtype=float).ravel()
    for rate in np.unique(rates):
        BY_NAME["learning_rate"].check(float(rate))
    for mu in np.unique(mus):
        BY_NAME["momentum"].check(float(mu))
    a = rates[None, :, None] * bowl(dataset).curvatures
    return _judge(a, mus[:, None, None], bool(nesterov))[2]


def _critical(mu, nesterov):
    """The critical a = η λmax, where a root of the step's matrix reaches −1."""
    return 2 * (1 + mu) / (1 + 2 * mu) if nesterov else 2 * (1 + mu)


def _judge(a, mu, nesterov):
    """Radii and overshoots of each direction (last axis), and the verdict."""
    m, det, _ = coefficients(a, mu, nesterov)
    disc = m * m - det
    with np.errstate(invalid="ignore"):
        radii = np.where(disc >= 0, np.abs(m) + np.sqrt(np.maximum(disc, 0)), np.sqrt(det))
    overshoots = (disc < 0) | (m < 0) | ((m == 0) & (det < 0))
    critical = _critical(mu[..., 0], nesterov)
    top = a[..., -1]
    verdict = np.select(
        [np.abs(top - critical) <= ROUNDING * critical, top > critical, overshoots.any(axis=-1)],
        [EDGE, DIVERGES, OSCILLATES],
        CONVERGES,
    )
    return radii, overshoots, verdict
