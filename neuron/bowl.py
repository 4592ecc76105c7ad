"""The loss as a quadratic bowl over (weight, bias).

The mean squared error of a linear neuron is exactly quadratic in its
parameters: loss(θ) = loss(θ*) + ½ (θ − θ*)ᵀ H (θ − θ*), with the Hessian
H = 2 [[mean x², mean x], [mean x, 1]]. Everything about gradient descent on
it (how fast, whether it overshoots, when it blows up) follows from the two
eigenvalues of H and the direction of each.
"""

from dataclasses import dataclass

import numpy as np

from neuron import model


@dataclass(frozen=True, eq=False)
class Bowl:
    """The quadratic shape of a dataset's loss.

    Attributes
    ----------
    hessian : ndarray of shape (2, 2)
        Second derivatives of the loss in (weight, bias).
    curvatures : ndarray of shape (2,)
        Eigenvalues of ``hessian``, smallest first.
    directions : ndarray of shape (2, 2)
        Column i is the unit (weight, bias) direction of ``curvatures[i]``.
    optimum : ndarray of shape (2,)
        The least-squares (weight, bias).
    minimum_loss : float
        The loss at ``optimum``.

    For the article's data the curvatures are about 1.9994 (mostly the bias)
    and 1667 (mostly the weight).
    """

    hessian: np.ndarray
    curvatures: np.ndarray
    directions: np.ndarray
    optimum: np.ndarray
    minimum_loss: float

    @property
    def critical_learning_rate(self):
        """2 / λmax: above it plain gradient descent blows up."""
        return 2 / float(self.curvatures[-1])

    @property
    def oscillation_learning_rate(self):
        """1 / λmax: above it plain descent jumps past the optimum at every step."""
        return 1 / float(self.curvatures[-1])

    @property
    def optimal_learning_rate(self):
        """2 / (λmin + λmax): the plain rate whose slowest direction is fastest."""
        return 2 / float(self.curvatures.sum())

    @property
    def condition_number(self):
        """λmax / λmin: how much flatter the flattest direction is."""
        return float(self.curvatures[-1] / self.curvatures[0])

    def carries(self, i):
        """Which parameter curvature direction ``i`` (0: flattest) is mostly made of.

        Returns
        -------
        {"weight", "bias"} or None
            The parameter whose squared component of the unit direction is at
            least 0.9; None for a mix (``directions[:, i]`` gives it).
        """
        if i not in (0, 1):
            raise ValueError(f"i must be 0 or 1, got {i!r}")
        w, b = self.directions[:, i] ** 2
        return "weight" if w >= 0.9 else "bias" if b >= 0.9 else None

    def loss(self, errors):
        """Loss at parameters ``optimum + errors``; ``errors`` has shape (..., 2)."""
        with np.errstate(over="ignore", invalid="ignore"):
            z = np.asarray(errors) @ self.directions
            return self.minimum_loss + 0.5 * (z * z) @ self.curvatures


def bowl(dataset):
    """Measure the quadratic bowl of ``dataset``'s loss.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Bowl
        Its arrays are read-only.
    """
    x, y = dataset.celsius, dataset.fahrenheit
    mx, my = x.mean(), y.mean()
    # Centred sums keep the optimum exact when the Celsius range is far from 0.
    w = np.sum((x - mx) * (y - my)) / np.sum((x - mx) ** 2)
    b = my - w * mx
    h = 2 * np.array([[np.mean(x * x), mx], [mx, 1.0]])
    curvatures, directions = np.linalg.eigh(h)
    loss = model.forward(w, b, x, y).loss
    optimum = np.array([w, b])
    for a in (h, curvatures, directions, optimum):
        a.setflags(write=False)
    return Bowl(h, curvatures, directions, optimum, loss)


def least_squares(dataset):
    """The exact optimum of the loss: the weight and bias gradient descent seeks.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Parameters
        The least-squares weight and bias (1.8 and 32 for noise-free data).
    """
    w, b = bowl(dataset).optimum
    return model.Parameters(float(w), float(b))
