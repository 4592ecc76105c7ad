"""Full-batch training of one neuron: closed forms, and a tight loop for Adam and RMSProp.

The loss is a quadratic bowl, so its gradient is H (θ − θ*) and every
optimizer here is linear in the error θ − θ*. Along each eigenvector of H
(curvature λ) the error evolves on its own:

* gradient descent multiplies it by r = 1 − η λ at each step, so after t
  steps it is rᵗ times what it was;
* momentum and Nesterov carry a velocity too, so the pair (error, velocity)
  is multiplied by a 2 × 2 matrix; its powers have the closed form
  z₀ C_t + k U_t of ``neuron.closed_form``, real, complex or repeated roots
  alike.

Either way a row at any iteration costs a few array operations, not t passes
over the data: a run records only the iterations asked for, in time that does
not depend on how many updates it makes. Adam and RMSProp have no closed
form (their ``closed_form`` is False); they run as a loop over the bowl
(their ``walk``, ``neuron.adam``), O(1) an update, storing only the
recorded rows. The first iteration whose loss overflows is found from the
bowl's envelope and confirmed with ``forward``, so it is the one a literal
forward → backward → update loop sees.
"""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from neuron import _checks, model, stochastic
from neuron.bowl import bowl
from neuron.closed_form import Path
from neuron.optimizers import GradientDescent
from neuron.search import first_divergence


@dataclass(frozen=True)
class Row:
    """The values of a run at one recorded iteration."""

    weight: float
    bias: float
    loss: float
    weight_gradient: float
    bias_gradient: float


@dataclass(frozen=True, eq=False)
class TrainingRun:
    """The recorded history of one training run.

    Row i holds the values at the parameters after ``steps[i]`` updates: the
    start is row 0 (``steps[0] == 0``), and the gradients of a row are the
    ones the next update uses. Every row from ``diverged_at`` on is NaN.

    Attributes
    ----------
    optimizer : GradientDescent, Momentum, Adam or RMSProp
    iterations : int
        Number of updates the run made.
    start : Parameters
        The weight and bias before the first update.
    steps : ndarray of int, shape (n_rows,)
        The iteration of each row, increasing; always holds 0, ``iterations``
        and ``last``. ``arange(iterations + 1)`` for a full history.
    weights, biases, losses : ndarray of shape (n_rows,)
    weight_gradients, bias_gradients : ndarray of shape (n_rows,)
        ∂loss/∂weight and ∂loss/∂bias at each row.
    diverged_at : int or None
        The first iteration whose loss, computed from the data, is not
        finite, recorded or not; None if there is none.
    last : int
        The last finite iteration.
    batch_size : int or None
        The samples drawn per update, or None for the full batch.
    """

    FIELDS: ClassVar[tuple] = ("weights", "biases", "losses", "weight_gradients", "bias_gradients")

    optimizer: object
    iterations: int
    start: model.Parameters
    steps: np.ndarray
    weights: np.ndarray
    biases: np.ndarray
    losses: np.ndarray
    weight_gradients: np.ndarray
    bias_gradients: np.ndarray
    diverged_at: int | None
    last: int
    batch_size: int | None = None

    @property
    def learning_rate(self):
        return self.optimizer.learning_rate

    def columns(self):
        """The history as one table: column name → array, in display order.

        Returns
        -------
        dict
            "iteration", "weight", "bias", "loss", "weight_gradient",
            "bias_gradient", each an ndarray of shape (n_rows,).
        """
        names = ("weight", "bias", "loss", "weight_gradient", "bias_gradient")
        return {"iteration": self.steps} | {
            name: getattr(self, field) for name, field in zip(names, self.FIELDS)
        }

    def at(self, iteration):
        """The recorded row at ``iteration``.

        Raises
        ------
        ValueError
            If ``iteration`` was not recorded.
        """
        i = int(np.searchsorted(self.steps, iteration))
        if i == self.steps.size or self.steps[i] != iteration:
            raise ValueError(f"iteration {iteration!r} was not recorded in this run")
        return Row(*(float(getattr(self, field)[i]) for field in self.FIELDS))


def train(
    dataset,
    *,
    optimizer=None,
    learning_rate=None,
    iterations,
    initial_weight,
    initial_bias,
    record=None,
    batch_size=None,
    seed=None,
):
    """Train the neuron and keep the history at the iterations asked for.

    Parameters
    ----------
    dataset : Dataset
    optimizer : GradientDescent, Momentum, Adam or RMSProp, optional
    learning_rate : float, optional
        Plain gradient descent at this rate. Give exactly one of
        ``optimizer`` and ``learning_rate``.
    iterations : int
        Number of updates, 0 … 1,000,000.
    initial_weight, initial_bias : float
        The parameters before the first update.
    record : None, array-like of int, or callable, optional
        None keeps every iteration 0 … ``iterations``. An array keeps those
        iterations (clipped to the run, sorted, without repeats). A callable
        is called once as ``record(last)``, when the last finite iteration is
        known, and returns such an array. Iterations 0, ``iterations`` and
        ``last`` are always kept.
    batch_size : int, optional
        None (the default) is the full batch. An int B in 1 … 100,000 makes
        each update follow the gradient of B samples drawn uniformly with
        replacement (``neuron.stochastic``; B = n_samples is still a sample).
        Losses and gradients recorded are the whole dataset's.
    seed : int, numpy.random.Generator or None
        Source of the batches; only with ``batch_size``.

    Returns
    -------
    TrainingRun
        A run that blows up raises nothing and warns nothing: ``diverged_at``
        says where, and its rows from there on are NaN.
    """
    opt = _checks.optimizer(optimizer, learning_rate)
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    size = stochastic.check_batch_size(batch_size)
    if size is None and seed is not None:
        raise ValueError(f"seed is used only with batch_size, got seed={seed!r}")
    shape = bowl(dataset)
    if size is not None:
        errors, diverged_at = stochastic.walk(dataset, shape, opt, start, n, size, seed)
        steps = recorded(record, n, _last(n, diverged_at))
        columns = stochastic.columns(shape, errors[steps])
    elif opt.closed_form:
        path = Path(shape, opt, start)
        diverged_at = first_divergence(dataset, path, n)
        steps = recorded(record, n, _last(n, diverged_at))
        columns = path.columns(steps)
    else:
        steps, columns, diverged_at = _loop_columns(dataset, shape, opt, start, n, record)
    _exact_start(dataset, columns, start)
    for column in columns:
        if diverged_at is not None:
            column[steps >= diverged_at] = np.nan
        column.setflags(write=False)
    steps.setflags(write=False)
    begin = model.Parameters(float(start[0]), float(start[1]))
    return TrainingRun(
        opt, n, begin, steps, *columns, diverged_at, _last(n, diverged_at), batch_size=size
    )


def _last(n, diverged_at):
    return n if diverged_at is None else diverged_at - 1


def _loop_columns(dataset, shape, opt, start, n, record):
    """Steps, the five columns and diverged_at of a run of a loop optimizer."""
    if callable(record) and not opt.cannot_diverge(dataset, shape, start, n):
        # Where it stops is known only by running it: once to find out, once to keep.
        first = opt.walk(dataset, shape, start, n)
        steps = recorded(record, n, _last(n, first.diverged_at))
    else:
        steps = recorded(record, n, n)
    kept = opt.walk(dataset, shape, start, n, steps=steps.tolist())
    params = np.full((steps.size, 2), np.nan)
    params[: len(kept.weights), 0], params[: len(kept.biases), 1] = kept.weights, kept.biases
    last = _last(n, kept.diverged_at)
    i = int(np.searchsorted(steps, last))
    if (
        last >= 0 and steps[i] != last
    ):  # an array asked for rows past a divergence it could not foresee
        steps, params = np.insert(steps, i, last), np.insert(params, i, kept.final, axis=0)
    errors = params - shape.optimum
    with np.errstate(invalid="ignore"):
        grads = errors @ shape.hessian  # H is symmetric
    return (
        steps,
        [*params.T.copy(), shape.loss(errors), grads[:, 0], grads[:, 1]],
        kept.diverged_at,
    )


def recorded(record, n, last):
    """The iterations a run keeps: sorted, unique, within [0, n], with 0, n and last."""
    if record is None:
        return np.arange(n + 1)
    asked = record(last) if callable(record) else record
    steps = _checks.steps(asked)
    always = [0, n] if last < 0 else [0, last, n]  # last is -1 if the start overflows
    return np.union1d(np.clip(steps, 0, n), always).astype(np.int64)


def _exact_start(dataset, columns, start):
    """Row 0 straight from the model, so the start is exactly what was asked."""
    x, y = dataset.celsius, dataset.fahrenheit
    f = model.forward(*start, x, y)
    g = model.backward(x, y, f.output)
    for column, value in zip(columns, (*start, f.loss, g.weight, g.bias)):
        column[0] = value


def losses_after(dataset, learning_rates, *, iterations, initial_weight, initial_bias):
    """Final loss of plain gradient descent at each of many rates, without the history.

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
        GradientDescent(float(rate))
    n = _checks.iterations(iterations)
    start = np.array(_checks.start(initial_weight, initial_bias))
    shape = bowl(dataset)
    z0 = (start - shape.optimum) @ shape.directions
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        z = np.where(z0 == 0, 0.0, (1 - rates[:, None] * shape.curvatures) ** n * z0)
        losses = shape.loss(z @ shape.directions.T)  # inf · 0 in a diverged row: NaN
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
