"""Full-batch gradient descent on one neuron, computed in closed form.

Each step maps the error θ − θ* to (I − η H)(θ − θ*). Along each eigenvector
of H that is a multiplication by r = 1 − η λ, so after t steps the error along
it is rᵗ times what it was: the whole history costs a few array operations
instead of t passes over the data.
"""

import math
from dataclasses import dataclass

import numpy as np

from neuron import _checks, model
from neuron.bowl import bowl


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """The history of one training run.

    Index t of every array holds the values at the parameters after t
    updates: t = 0 is the start, and the gradients at t are the ones that
    update t + 1 uses. From ``diverged_at`` on, every entry is NaN.

    Attributes
    ----------
    learning_rate : float
    weights, biases : ndarray of shape (iterations + 1,)
    losses : ndarray of shape (iterations + 1,)
        Mean squared error at each step.
    weight_gradients, bias_gradients : ndarray of shape (iterations + 1,)
        ∂loss/∂weight and ∂loss/∂bias at each step.
    diverged_at : int or None
        The first index whose loss is not finite, or None.
    """

    learning_rate: float
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    weight_gradients: np.ndarray
    bias_gradients: np.ndarray
    diverged_at: int | None

    @property
    def iterations(self):
        return self.losses.size - 1

    @property
    def last(self):
        """Index of the last finite step."""
        return self.iterations if self.diverged_at is None else self.diverged_at - 1


def train(dataset, *, learning_rate, iterations, initial_weight, initial_bias):
    """Train the neuron by plain gradient descent and keep the whole history.

    Parameters
    ----------
    dataset : Dataset
    learning_rate : float
        Step size, > 0.
    iterations : int
        Number of updates, 0 … 1,000,000.
    initial_weight, initial_bias : float
        The parameters before the first update.

    Returns
    -------
    TrainingRun
        Arrays of length ``iterations + 1``. A run that blows up raises
        nothing and warns nothing: ``diverged_at`` says where, and the
        arrays hold NaN from there on.
    """
    lr = _checks.learning_rate(learning_rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    shape = bowl(dataset)
    z = _mode_errors(shape, lr, n, start)
    q, curvatures = shape.directions, shape.curvatures
    with np.errstate(over="ignore", invalid="ignore"):
        slopes = z * curvatures  # the gradient, in curvature coordinates
        columns = [
            shape.optimum[0] + z @ q[0],
            shape.optimum[1] + z @ q[1],
            shape.minimum_loss + 0.5 * ((slopes * z) @ np.ones(2)),
            slopes @ q[0],
            slopes @ q[1],
        ]
    _exact_start(dataset, columns, start)
    diverged_at = _divergence(dataset, columns[2], columns[0], columns[1])
    for column in columns:
        if diverged_at is not None:
            column[diverged_at:] = np.nan
        column.setflags(write=False)
    return TrainingRun(lr, *columns, diverged_at)


def _exact_start(dataset, columns, start):
    """Step 0 straight from the model, so the start is exactly what was asked."""
    x, y = dataset.celsius, dataset.fahrenheit
    f = model.forward(*start, x, y)
    g = model.backward(x, y, f.output)
    for column, value in zip(columns, (*start, f.loss, g.weight, g.bias)):
        column[0] = value


def _mode_errors(shape, lr, n, start):
    """Error along each curvature direction after 0, 1, …, n steps.

    Returns an array of shape (n + 1, 2): column i is z0_i · r_iᵗ with
    r_i = 1 − lr λ_i.
    """
    z0 = (start - shape.optimum) @ shape.directions
    z = np.zeros((n + 1, 2))
    for i, r in enumerate(1 - lr * shape.curvatures):
        if z0[i] != 0:  # a direction with no error keeps none, whatever r is
            with np.errstate(over="ignore", invalid="ignore"):
                z[:, i] = _powers(r, n) * z0[i]
    return z


def _powers(r, n):
    """rᵗ for t = 0 … n, as an outer product rᵏᵇ · rʲ with b ≈ √n.

    Each value is two correctly rounded powers and one product: as exact as
    ``r ** t`` and several times faster than it over a million steps.
    """
    b = math.isqrt(n) + 1
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        small = r ** np.arange(b, dtype=float)
        big = r ** (b * np.arange(b, dtype=float))
        return np.multiply.outer(big, small).ravel()[: n + 1]


def _divergence(dataset, losses, weights, biases):
    """First step whose loss, computed from the data, is not finite.

    ``forward`` overflows exactly when n_samples · loss exceeds the largest
    float. The closed-form loss agrees with it to about 1e-12, so only steps
    within a hair of that limit are settled by calling ``forward`` itself.
    """
    limit = np.finfo(float).max / len(dataset)
    for t in np.flatnonzero(~(losses < limit * (1 - 1e-6))):
        if not losses[t] < limit * (1 + 1e-6):
            return int(t)
        loss = model.forward(weights[t], biases[t], dataset.celsius, dataset.fahrenheit).loss
        if not np.isfinite(loss):
            return int(t)
    return None


def losses_after(dataset, learning_rates, *, iterations, initial_weight, initial_bias):
    """Final loss of a run at each of many learning rates, without the history.

    Parameters
    ----------
    dataset : Dataset
    learning_rates : array-like of shape (n_rates,)
    iterations, initial_weight, initial_bias
        As for ``train``.

    Returns
    -------
    ndarray of shape (n_rates,)
        ``train(...).losses[-1]`` for each rate: NaN where the run diverged.
    """
    rates = np.asarray(learning_rates, dtype=float).ravel()
    for rate in rates:
        _checks.learning_rate(rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    shape = bowl(dataset)
    z0 = (start - shape.optimum) @ shape.directions
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        z = np.where(z0 == 0, 0.0, (1 - rates[:, None] * shape.curvatures) ** n * z0)
    losses = shape.loss(z @ shape.directions.T)
    return np.where(losses < np.finfo(float).max / len(dataset), losses, np.nan)


def loss_surface(dataset, weights, biases):
    """The loss over a grid of parameters.

    Parameters
    ----------
    dataset : Dataset
    weights : array-like of shape (n_weights,)
    biases : array-like of shape (n_biases,)

    Returns
    -------
    ndarray of shape (n_biases, n_weights)
        Element [i, j] is the loss at ``weights[j]``, ``biases[i]``.
    """
    shape = bowl(dataset)
    w, b = np.meshgrid(np.asarray(weights, float), np.asarray(biases, float))
    errors = np.stack([w - shape.optimum[0], b - shape.optimum[1]], axis=-1)
    return shape.loss(errors)
