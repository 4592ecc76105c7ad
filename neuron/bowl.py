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
    """

    hessian: np.ndarray
    curvatures: np.ndarray
    directions: np.ndarray
    optimum: np.ndarray
    minimum_loss: float

    def loss(self, errors):
        """Loss at parameters ``optimum + errors``; ``errors`` has shape (..., 2)."""
        with np.errstate(over="ignore", invalid="ignore"):
            z = np.asarray(errors) @ self.directions
            return self.minimum_loss + 0.5 * (z * z) @ self.curvatures


def bowl(dataset):
    """Measure the quadratic bowl of ``dataset``'s loss."""
    x, y = dataset.celsius, dataset.fahrenheit
    mx, my = x.mean(), y.mean()
    # Centred sums keep the optimum exact when the Celsius range is far from 0.
    w = np.sum((x - mx) * (y - my)) / np.sum((x - mx) ** 2)
    b = my - w * mx
    h = 2 * np.array([[np.mean(x * x), mx], [mx, 1.0]])
    curvatures, directions = np.linalg.eigh(h)
    loss = model.forward(w, b, x, y).loss
    return Bowl(h, curvatures, directions, np.array([w, b]), loss)


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
